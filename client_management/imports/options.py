"""The import's options and outcomes: one list for the form, the job and the CLI."""

from typing import NamedTuple

UPDATE_BY = {"Client Number": "number", "Tax ID": "tax-id"}  # the form's choice -> the CLI's key
ACTIONS = ("created", "updated", "unchanged", "skipped", "rejected")


class ImportStatuses(NamedTuple):
	"""The Client Import's statuses: its Select field's options, in this order (tests/unit/test_maps.py)."""

	draft: str
	checking: str
	checked: str
	queued: str
	running: str
	completed: str
	partly_completed: str
	failed: str


IMPORT_STATUS = ImportStatuses(
	"Draft", "Checking", "Checked", "Queued", "Running", "Completed", "Partly Completed", "Failed"
)
# A check or an import is under way: its jobs own the import.
BUSY = (IMPORT_STATUS.checking, IMPORT_STATUS.queued, IMPORT_STATUS.running)
# The file may be checked (again), and, once checked, imported. The form reads these through onload.
CHECKABLE = (IMPORT_STATUS.draft, IMPORT_STATUS.checked, IMPORT_STATUS.failed)
STARTABLE = (IMPORT_STATUS.checked,)
