"""The import's options and outcomes: one list for the form, the job and the CLI."""

UPDATE_BY = {"Client Number": "number", "Tax ID": "tax-id"}  # the form's choice -> the CLI's key
ACTIONS = ("created", "updated", "unchanged", "skipped", "rejected")
BUSY = ("Checking", "Queued", "Running")  # a check or an import is under way: its jobs own the import
