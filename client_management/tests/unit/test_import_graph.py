"""No import cycle among the app's modules: read from the source (ast), nothing imported."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2]
PACKAGE = APP.name


def module_name(path: Path) -> str:
	parts = path.relative_to(APP.parent).with_suffix("").parts
	return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
	"""The app's modules a module imports, at its top or inside a function (a cycle hidden in a
	function-level import is still a cycle)."""
	found = set()
	for node in ast.walk(ast.parse(path.read_text())):
		if isinstance(node, ast.Import):
			names = [alias.name for alias in node.names]
		elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
			names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
		else:
			continue
		found |= {name for name in names if name in modules}
	return found


def import_graph() -> dict[str, set[str]]:
	paths = {module_name(p): p for p in APP.rglob("*.py") if "tests" not in p.relative_to(APP).parts}
	graph = {name: imports_of(path, set(paths)) for name, path in paths.items()}
	for name in graph:
		graph[name].discard(name)
	return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
	state: dict[str, int] = {}  # 1 visiting, 2 done

	def visit(node: str, path: list[str]) -> list[str] | None:
		state[node] = 1
		for target in sorted(graph[node]):
			if state.get(target) == 1:
				return [*path[path.index(target) :], target] if target in path else [node, target]
			if not state.get(target) and (cycle := visit(target, [*path, target])):
				return cycle
		state[node] = 2
		return None

	for node in sorted(graph):
		if not state.get(node) and (cycle := visit(node, [node])):
			return cycle
	return None


def test_the_app_has_no_import_cycle():
	graph = import_graph()
	assert len(graph) > 50
	assert find_cycle(graph) is None, " -> ".join(find_cycle(graph))


def test_the_cycle_finder_finds_a_cycle():
	assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
	assert find_cycle({"a": {"b"}, "b": set()}) is None


# The layers: a module of the left never imports one of the right (the mirror sits at the bottom).
FORBIDDEN_IMPORTS = {
	f"{PACKAGE}.mirror": (
		f"{PACKAGE}.overrides",
		f"{PACKAGE}.portal",
		f"{PACKAGE}.api",
		f"{PACKAGE}.privacy",
		f"{PACKAGE}.won_deals",
		f"{PACKAGE}.imports",
		f"{PACKAGE}.statements",
	),
	f"{PACKAGE}.clients": (f"{PACKAGE}.overrides", f"{PACKAGE}.portal", f"{PACKAGE}.api"),
	f"{PACKAGE}.utils": (f"{PACKAGE}.mirror", f"{PACKAGE}.clients", f"{PACKAGE}.overrides", f"{PACKAGE}.api"),
	f"{PACKAGE}.constants": (f"{PACKAGE}.",),
}


def test_lower_layers_never_import_upper_ones():
	graph = import_graph()
	breaches = sorted(
		f"{module} imports {imported}"
		for module, imports in graph.items()
		for layer, upper in FORBIDDEN_IMPORTS.items()
		if module == layer or module.startswith(f"{layer}.")
		for imported in imports
		if imported.startswith(upper) and not imported.startswith(f"{layer}")
	)
	assert breaches == []
