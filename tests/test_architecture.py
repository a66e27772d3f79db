"""The house keeps its shape (docs/architecture.md): apps import only the apps below them, nothing
imports a view module but a URL module, and no two modules import each other, directly or round a
loop. Every import counts, also one inside a function; the tests and the benchmarks are exempt.

The imports are read from the source (ast), not by importing, so a module that is never imported
at run time is checked too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The project's packages; everything else under ROOT is tooling (tests, bench) or not Python.
PACKAGES = ("config", "office", "clients", "recovery", "documents", "inbox")

# What each app must never import (docs/architecture.md, "Who may import whom").
FORBIDDEN = {
    "office": {"clients", "recovery", "documents", "inbox"},
    "clients": {"recovery", "documents", "inbox"},
    "recovery": {"documents", "inbox"},
}


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int

    def __str__(self) -> str:
        return f"{self.importer} (line {self.line}) imports {self.imported}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            modules[_module_name(path)] = path
    modules["manage"] = ROOT / "manage.py"
    return modules


MODULES = project_modules()


def _resolve(importer: str, node: ast.ImportFrom) -> str:
    """The absolute name of ``from <module> import …`` written in ``importer``."""
    if not node.level:
        return node.module or ""
    is_package = MODULES[importer].name == "__init__.py"
    base = importer.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _project_module(name: str) -> str | None:
    """``name`` or its nearest enclosing project module; None outside the project."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(importer: str) -> Iterator[Import]:
    tree = ast.parse(MODULES[importer].read_text(), filename=str(MODULES[importer]))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(importer, node)
            # `from recovery import schedule` imports the module recovery.schedule.
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        for name in names:
            target = _project_module(name)
            if target and target != importer:
                yield Import(importer, target, node.lineno)


IMPORTS = [edge for module in MODULES for edge in imports_of(module)]


def _app(module: str) -> str:
    return module.split(".")[0]


def is_view_module(module: str) -> bool:
    last = module.rpartition(".")[2]
    return last == "views" or last.endswith("_views")


def is_url_module(module: str) -> bool:
    return module.rpartition(".")[2] == "urls"


def find_cycles(edges: list[Import]) -> list[list[str]]:
    """Every group of modules that import one another round a loop (Tarjan's strongly
    connected components with more than one module)."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.importer, set()).add(edge.imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph.get(module, ())):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return groups


def test_the_scan_sees_the_apps_and_their_imports():
    assert {
        "office.models",
        "clients.models",
        "recovery.schedule",
        "documents.pdfs",
        "recovery.reminders.rules",
        "config.urls",
    } <= set(MODULES)
    pairs = {(e.importer, e.imported) for e in IMPORTS}
    assert ("recovery.selectors", "recovery.schedule") in pairs  # from . import schedule as …
    assert ("office.apps", "office.secret_net") in pairs  # inside AppConfig.ready()
    assert ("documents.pdfs", "recovery.schedule") in pairs  # from recovery import schedule
    assert ("recovery.reminders.delivery", "recovery.models") in pairs  # from ..models import …


def test_no_app_imports_an_app_above_it():
    wrong = [str(e) for e in IMPORTS if _app(e.imported) in FORBIDDEN.get(_app(e.importer), set())]
    assert wrong == []


def test_apps_reach_config_only_for_the_celery_app():
    # config sits on top (settings, URLs, the Celery app); settings are read via django.conf.
    wrong = [
        str(e)
        for e in IMPORTS
        if _app(e.imported) == "config"
        and _app(e.importer) != "config"
        and e.imported != "config.celery_app"
    ]
    assert wrong == []


def test_only_url_modules_import_view_modules():
    wrong = [
        str(e) for e in IMPORTS if is_view_module(e.imported) and not is_url_module(e.importer)
    ]
    assert wrong == []


def test_no_modules_import_each_other_round_a_loop():
    assert find_cycles(IMPORTS) == []


# A view parses, calls a service or selector, and redirects or renders: a longer one hides steps
# that belong in a helper, a form or a service.
MAX_VIEW_LINES = 30


def long_functions(source: str, limit: int = MAX_VIEW_LINES) -> list[tuple[str, int]]:
    """The module-level functions of ``source`` longer than ``limit`` lines (from ``def`` to the
    last line, docstring included, decorators not)."""
    tree = ast.parse(source)
    return [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > limit
    ]


def test_every_view_function_fits_in_30_lines():
    long = [
        f"{module}.{name} ({lines} lines)"
        for module, path in MODULES.items()
        if is_view_module(module)
        for name, lines in long_functions(path.read_text())
    ]
    assert long == []


# The checks themselves: each would catch what it is for.


def _edges(*pairs: tuple[str, str]) -> list[Import]:
    return [Import(a, b, 1) for a, b in pairs]


def test_a_loop_of_three_is_found_and_a_chain_is_not():
    assert find_cycles(_edges(("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"))) == [["a", "b", "c"]]
    assert find_cycles(_edges(("a", "b"), ("b", "c"), ("a", "c"))) == []


@pytest.mark.parametrize(
    ("module", "view"),
    [
        ("recovery.views", True),
        ("recovery.reminders.views", True),
        ("office.user_views", True),
        ("recovery.selectors", False),
        ("recovery.reminders.urls", False),
        ("reviews", False),
    ],
)
def test_view_modules_are_known_by_their_name(module, view):
    assert is_view_module(module) is view


def test_a_view_of_31_lines_is_long_and_one_of_30_is_not():
    body = "".join(f"    x{i} = {i}\n" for i in range(29))
    assert long_functions(f"@require_POST\ndef short(request):\n{body}") == []
    assert long_functions(f"def long(request):\n{body}    x = 0\n") == [("long", 31)]


def test_relative_imports_resolve_from_packages_and_modules():
    package = ast.parse("from . import rules\nfrom ..models import Reminder").body
    assert _resolve("recovery.reminders", package[0]) == "recovery.reminders"
    assert _resolve("recovery.reminders.delivery", package[1]) == "recovery.models"
