"""The house plan, read from the code: apps import only downwards, and nothing grows too long.

The order of the floors is written once, in README.md's architecture section, on the line
starting "Floors, bottom first:"; these tests read it from there. They parse every non-test
module of every app with `ast` (as /work/shared/tools/house_plan.py does), so an import inside
a function counts as much as one at the top. Migrations are left out: they are history, never
edited, and generated.
"""

import ast
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOORS_LINE = re.compile(r"^Floors, bottom first: (?P<floors>.+)$", re.MULTILINE)
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 50


def declared_floors() -> list[str]:
    match = FLOORS_LINE.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert match, "README.md has no line starting 'Floors, bottom first:' (the house plan)"
    return [name.strip(" `.") for name in match["floors"].split("→")]


def project_apps() -> list[str]:
    """Every top-level folder that is a Django app: a package with an apps.py."""
    return sorted(
        path.name
        for path in ROOT.iterdir()
        if (path / "__init__.py").is_file() and (path / "apps.py").is_file()
    )


def app_modules(app: str) -> list[Path]:
    return sorted(
        path
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.relative_to(ROOT).parts
    )


def imported_names(path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of each import in a module, relative imports made absolute."""
    package = path.relative_to(ROOT).parent.parts
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            names.append((node.lineno, ".".join([*base, *([node.module] if node.module else [])])))
        elif isinstance(node, ast.ImportFrom):
            names.append((node.lineno, node.module or ""))
    return names


def cross_app_imports() -> list[tuple[str, str, str, str]]:
    """(importing app, path:line, imported name, imported app) for each import of another app."""
    apps = set(project_apps())
    found = []
    for app in sorted(apps):
        for path in app_modules(app):
            for line, name in imported_names(path):
                target = name.split(".")[0]
                if target in apps and target != app:
                    found.append((app, f"{path.relative_to(ROOT)}:{line}", name, target))
    return found


def test_every_app_is_on_a_floor():
    floors = declared_floors()
    missing = [app for app in project_apps() if app not in floors]
    assert not missing, (
        f"apps not in README.md's floors line ({' → '.join(floors)}): {', '.join(missing)}. "
        "Add each one on its floor."
    )


def test_apps_import_only_downwards():
    floors = declared_floors()
    upward = [
        f"{path} imports {name}: {app} (floor {floors.index(app) + 1}) is below "
        f"{target} (floor {floors.index(target) + 1})"
        for app, path, name, target in cross_app_imports()
        if app in floors and target in floors and floors.index(target) > floors.index(app)
    ]
    assert not upward, "imports that go up the house plan:\n" + "\n".join(upward)


def test_no_two_apps_import_each_other():
    edges = defaultdict(set)
    for app, _path, _name, target in cross_app_imports():
        edges[app].add(target)

    def reachable(start: str) -> set[str]:
        seen, stack = set(), [start]
        while stack:
            for nxt in edges[stack.pop()] - seen:
                seen.add(nxt)
                stack.append(nxt)
        return seen

    reach = {app: reachable(app) for app in project_apps()}
    cycles = sorted(
        {tuple(sorted((a, b))) for a in reach for b in reach[a] if a != b and a in reach[b]}
    )
    assert not cycles, "apps that import each other (directly or round a cycle):\n" + "\n".join(
        f"{a} <-> {b}" for a, b in cycles
    )


def test_modules_and_functions_stay_short():
    too_long = []
    for app in project_apps():
        for path in app_modules(app):
            text = path.read_text(encoding="utf-8")
            lines = text.count("\n") + 1
            if lines > MAX_MODULE_LINES:
                too_long.append(f"{path.relative_to(ROOT)}: {lines} lines")
            too_long += [
                f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {length} lines"
                for node in ast.walk(ast.parse(text))
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and (length := node.end_lineno - node.lineno + 1) > MAX_FUNCTION_LINES
            ]
    assert not too_long, (
        f"over {MAX_MODULE_LINES} lines a module or {MAX_FUNCTION_LINES} a function:\n"
        + "\n".join(too_long)
    )
