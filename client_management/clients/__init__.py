"""Rules about a client beyond its controller: who is assigned it, which ERPNext documents carry it,
the defaults of its sales documents, its to-dos and tasks."""
