"""Follow-ups of overdue invoices on ERPNext's Dunning: levels per company (Client Management
Settings), the run that makes and e-mails one Dunning per client, company and level due (daily, the
`send-follow-ups` command, Send Follow-up Now), and the hold of a client at a level that says so."""
