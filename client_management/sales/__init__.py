"""Selling documents made from a client: deals, estimates, sales orders and invoices."""
