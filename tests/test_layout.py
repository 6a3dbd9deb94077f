"""The package's layout is its data flow: each stage imports only from the stages before it
(and the shared modules), and no module imports itself round a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

STAGES = ("reading", "checking", "composing", "publishing", "commands")
"""The subpackages, in the order the data flows through them."""
SHARED = {
    "generator",
    "generator.errors",
    "generator.resources",
    "generator.caching",
    "generator.i18n",
}
"""Used by every stage; they import nothing of policypack's but each other."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, known: set[str]) -> set[str]:
    """Every policypack module `path` imports, at the top or inside a function (a lazy
    import is still a dependency), under TYPE_CHECKING too."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name in known}


def graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    files = {module_name(p): p for p in root.rglob("*.py")}
    known = set(files)
    return {name: imports(path, known) - {name} for name, path in files.items()}


def rank(module: str) -> int:
    """0 for the shared modules, then 1.. for each stage in order; the package's own
    __main__ is a command."""
    if module in SHARED:
        return 0
    if module == "generator.__main__":
        return len(STAGES)
    stage = module.split(".")[1]
    assert stage in STAGES, f"{module} is in no stage: put it in one of {STAGES}"
    return STAGES.index(stage) + 1


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles (strongly connected components of more than one module), by
    Tarjan's algorithm."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_round_a_cycle() -> None:
    assert cycles(graph()) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_stage_imports_only_from_the_stages_before_it() -> None:
    upward = [
        f"{module} imports {target}"
        for module, targets in sorted(graph().items())
        for target in sorted(targets)
        if rank(target) > rank(module)
    ]
    assert upward == []


def test_the_shared_modules_import_only_each_other() -> None:
    edges = graph()
    assert all(edges[module] <= SHARED for module in SHARED if module in edges)


def test_a_module_outside_the_stages_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="in no stage"):
        rank("generator.somewhere.new")


ENGINE_PACKAGES = ("mkdocs", "material", "zensical")
BOUNDARY = "generator.publishing.site"


def test_only_the_site_package_knows_the_site_engines() -> None:
    """MkDocs, Material and Zensical are imported behind one boundary, nowhere else."""
    knowing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            modules = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            if any(m.split(".")[0] in ENGINE_PACKAGES for m in modules):
                knowing.append(name)
    assert knowing and all(name.startswith(BOUNDARY) for name in knowing), sorted(set(knowing))


def _module_level_calls(tree: ast.Module) -> list[str]:
    """The dotted names called or assigned at module level (outside any function or class)."""
    found = []
    for statement in tree.body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for node in ast.walk(statement):
            target = node.func if isinstance(node, ast.Call) else None
            if isinstance(node, ast.Assign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                found += [ast.unparse(t) for t in targets]
            if target is not None:
                found.append(ast.unparse(target))
    return found


def test_nothing_changes_the_environment_or_logging_at_import() -> None:
    touched = [
        f"{module_name(path)}: {call}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for call in _module_level_calls(ast.parse(path.read_text("utf-8")))
        if call.startswith(("os.environ", "logging.basicConfig", "logging.getLogger"))
        or call.endswith((".setLevel", ".addHandler", "os.putenv"))
    ]
    assert touched == []


def test_the_import_time_check_sees_an_environment_change() -> None:
    tree = ast.parse(
        'import os\nos.environ.setdefault("X", "1")\ndef f():\n    os.environ["Y"] = "2"\n'
    )
    assert _module_level_calls(tree) == ["os.environ.setdefault"]
