"""Frappe joins a DocType's own form script and the files hooks.py adds to it (`doctype_js`; the list
script and `doctype_list_js` likewise) into one script. A name declared twice with `const` or `let`
across two files then breaks the whole form, though each file parses alone: each joined script must
parse."""

import shutil
import subprocess  # nosec B404 - node, to parse JavaScript
import tempfile
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2]


def hook(name: str) -> dict:
	"""A hook of hooks.py, which imports only the app's plain data (no Frappe here)."""
	from client_management import hooks

	return getattr(hooks, name, {})


def joined_scripts() -> dict[str, str]:
	"""{"Client form": script, ...}: each DocType's scripts as Frappe joins them."""
	scripts = {}
	for hook_name, suffix, kind in (("doctype_js", ".js", "form"), ("doctype_list_js", "_list.js", "list")):
		for doctype, files in hook(hook_name).items():
			scrubbed = doctype.lower().replace(" ", "_")
			own = APP / "client_management" / "doctype" / scrubbed / f"{scrubbed}{suffix}"
			paths = ([own] if own.exists() else []) + [
				APP / f for f in ([files] if isinstance(files, str) else files)
			]
			scripts[f"{doctype} {kind}"] = "\n".join(path.read_text() for path in paths)
	return scripts


def test_hooks_name_form_scripts():
	assert "Client form" in joined_scripts()


@pytest.mark.parametrize("name", sorted(joined_scripts()))
def test_each_joined_form_script_parses(name):
	node = shutil.which("node")
	if not node:
		pytest.skip("node is not installed: the joined form scripts cannot be parsed")
	with tempfile.NamedTemporaryFile("w", suffix=".js") as script:
		script.write(joined_scripts()[name])
		script.flush()
		result = subprocess.run([node, "--check", script.name], capture_output=True, text=True)  # nosec B603
	assert result.returncode == 0, f"{name}: {result.stderr[-1500:]}"
