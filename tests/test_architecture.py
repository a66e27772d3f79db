"""The house keeps its shape (docs/architecture.md): apps import only the apps below them, nothing
imports a view module but a URL module, and no two modules import each other, directly or round a
loop. Every import counts, also one inside a function; the tests and the benchmarks are exempt.

The imports are read from the source (ast), not by importing, so a module that is never imported
at run time is checked too.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The project's packages; everything else under ROOT is tooling (tests, bench) or not Python.
PACKAGES = ("config", "office", "clients", "recovery", "documents", "inbox", "billing")

# What each app must never import (docs/architecture.md, "Who may import whom").
FORBIDDEN = {
    "office": {"clients", "recovery", "documents", "inbox", "billing"},
    "clients": {"recovery", "documents", "inbox", "billing"},
    "recovery": {"documents", "inbox", "billing"},
    # The three apps on top build on recovery and clients, never on each other.
    "documents": {"inbox", "billing"},
    "inbox": {"documents", "billing"},
    "billing": {"documents", "inbox"},
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
        # A package not built yet (billing) has no modules.
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
# that belong in a helper, a form or a service. Lines are *logical* lines (a call wrapped over
# several physical lines by the formatter is one), so the rule measures the code, not ruff's
# line breaks.
MAX_VIEW_LINES = 30


def _logical_lines(source_lines: list[str]) -> int:
    """The logical lines (statements and comment lines) of a piece of Python source."""
    count = 0
    for token in tokenize.generate_tokens(io.StringIO("".join(source_lines)).readline):
        if token.type in (tokenize.NEWLINE, tokenize.COMMENT) and (
            token.type == tokenize.NEWLINE or token.line.lstrip().startswith("#")
        ):
            count += 1
    return count


def long_functions(source: str, limit: int = MAX_VIEW_LINES) -> list[tuple[str, int]]:
    """The module-level functions of ``source`` longer than ``limit`` logical lines (from ``def``
    to the end, docstring included, decorators not)."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    found = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        length = _logical_lines(lines[node.lineno - 1 : node.end_lineno])
        if length > limit:
            found.append((node.name, length))
    return found


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


def test_a_call_wrapped_over_lines_by_the_formatter_counts_once_and_a_comment_counts():
    wrapped = "    call(\n        a,\n        b,\n    )\n" * 29
    assert long_functions(f"def short(request):\n{wrapped}") == []
    assert long_functions(f"def long(request):\n    # why\n{wrapped}") == [("long", 31)]


def test_relative_imports_resolve_from_packages_and_modules():
    package = ast.parse("from . import rules\nfrom ..models import Reminder").body
    assert _resolve("recovery.reminders", package[0]) == "recovery.reminders"
    assert _resolve("recovery.reminders.delivery", package[1]) == "recovery.models"


# --- One owner for each rule (docs/architecture.md, "Where each rule lives") -----------------
#
# Each check reads the source (ast or text), so a module never imported is checked too.
# Migrations are history and exempt; so are tests and benchmarks (outside PACKAGES).

SCHEDULE = "recovery.schedule"
STATUS_OWNERS = {"recovery.models", "recovery.schedule", "recovery.steps"}
# The demo data's mix of statuses is invented data, not a rule.
DEMO = {"recovery.demo", "recovery.demo_large"}
TIMELINE = "recovery.timeline"
RECEIPT_NUMBER = "office.receipt_number"


def _source_modules() -> dict[str, Path]:
    return {name: path for name, path in MODULES.items() if ".migrations." not in name}


def _module_assignments(tree: ast.Module) -> Iterator[tuple[str, ast.expr, int]]:
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    yield target.id, node.value, node.lineno
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            yield node.target.id, node.value, node.lineno


def _is_status_group(value: ast.expr) -> bool:
    """A tuple, list or set (or frozenset/set/tuple call) of ``Status.X`` members."""
    if isinstance(value, ast.Call) and value.args:
        value = value.args[0]
    if not isinstance(value, ast.Tuple | ast.List | ast.Set):
        return False
    members = [
        e
        for e in value.elts
        if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) and e.value.id == "Status"
    ]
    return bool(members)


# A CCUS timing constant: the receipt, reply or login window, by its name.
TIMING_NAME = re.compile(r"^(RECEIPT|REPLY|LOGIN)_\w*(AFTER|DAYS|WINDOW|HOURS)$")


def misplaced_rules(module: str, source: str) -> list[str]:
    """The status groups and CCUS timing constants ``module`` defines that it does not own."""
    found = []
    for name, value, line in _module_assignments(ast.parse(source)):
        if module not in STATUS_OWNERS | DEMO and _is_status_group(value):
            found.append(f"{module}.{name} (line {line}): a status group")
        if module != SCHEDULE and TIMING_NAME.match(name):
            found.append(f"{module}.{name} (line {line}): a CCUS timing constant")
    return found


def test_status_groups_and_timing_constants_live_in_their_owner():
    wrong = [
        entry
        for module, path in _source_modules().items()
        for entry in misplaced_rules(module, path.read_text())
    ]
    assert wrong == []


# The windows in words (「1時間」「4〜5営業日」) are rendered from schedule.py's constants.
WINDOW_WORDS = re.compile(
    r"\d\s*[〜～~\-–]\s*\d\s*営業日|\d\s*時間(?:以内|以上|を過ぎ|が経ち|超過)"
)


def test_the_windows_in_words_are_written_only_by_the_schedule():
    files = [p for m, p in _source_modules().items() if m != SCHEDULE]
    templates = ROOT / "templates"
    files += sorted(templates.rglob("*.html")) + sorted(templates.rglob("*.txt"))
    wrong = [
        f"{path.relative_to(ROOT)}: {match.group()}"
        for path in files
        for match in WINDOW_WORDS.finditer(path.read_text())
    ]
    assert wrong == []


def case_events_created(source: str) -> list[int]:
    """Lines that create a CaseEvent: ``CaseEvent(...)`` or ``CaseEvent.objects.create…``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (isinstance(func, ast.Name) and func.id == "CaseEvent") or (
            isinstance(func, ast.Attribute)
            and func.attr in {"create", "bulk_create", "get_or_create", "update_or_create"}
            and isinstance(func.value, ast.Attribute)
            and func.value.attr == "objects"
            and isinstance(func.value.value, ast.Name)
            and func.value.value.id == "CaseEvent"
        ):
            lines.append(node.lineno)
    return lines


def test_only_the_timeline_writes_case_events():
    wrong = [
        f"{module} (line {line})"
        for module, path in _source_modules().items()
        if module != TIMELINE
        for line in case_events_created(path.read_text())
    ]
    assert wrong == []


# The 受付番号's shape: C- and ten digits, as a pattern (C-\d, \d{10}) anywhere but its module.
RECEIPT_PATTERN = re.compile(r"C\\?-\\d|\\d\{10\}|\[0-9\]\{10\}")


def receipt_patterns(source: str) -> list[int]:
    return sorted(
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and RECEIPT_PATTERN.search(node.value)
    )


def test_the_receipt_number_pattern_lives_only_in_its_module():
    wrong = [
        f"{module} (line {line})"
        for module, path in _source_modules().items()
        if module != RECEIPT_NUMBER
        for line in receipt_patterns(path.read_text())
    ]
    assert wrong == []
    assert receipt_patterns(MODULES[RECEIPT_NUMBER].read_text())  # the check sees the owner's


# The checks of this section catch what they are for.


def test_a_status_group_or_a_timing_constant_outside_its_owner_is_found():
    source = (
        "AWAITING = (Status.SENT, Status.WAITING)\n"
        "OPEN = frozenset({Status.SENT})\n"
        "REPLY_DAYS = (4, 5)\n"
        "RECEIPT_CHECK_AFTER = timedelta(hours=2)\n"
        "STALE_RUNNING_AFTER = timedelta(minutes=10)\n"
        "KINDS = (Kind.GUIDES,)\n"
    )
    found = misplaced_rules("inbox.selectors", source)
    assert [entry.split(" ")[0] for entry in found] == [
        "inbox.selectors.AWAITING",
        "inbox.selectors.OPEN",
        "inbox.selectors.REPLY_DAYS",
        "inbox.selectors.RECEIPT_CHECK_AFTER",
    ]
    assert misplaced_rules(SCHEDULE, source) == []


def test_a_case_event_made_by_hand_is_found():
    source = (
        "CaseEvent.objects.create(case=c)\n"
        "CaseEvent.objects.bulk_create([CaseEvent(case=c)])\n"
        "CaseEvent.objects.filter(case=c)\n"
        "timeline_record(case_id=1)\n"
    )
    assert case_events_created(source) == [1, 2, 2]


def test_a_receipt_number_pattern_is_found_and_other_digits_are_not():
    source = (
        "a = re.compile(r'C-\\d{10}')\n"
        "b = r'受付[:：]\\s*(\\d{10})'\n"
        "c = r'\\d{14}'\n"
        "d = 'C-2612250001'\n"
    )
    assert receipt_patterns(source) == [1, 2]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("運営から4〜5営業日後に", True),
        ("2～3営業日後", True),
        ("1時間以内に受付メールが", True),
        ("送信から1時間超過", True),
        ("%(reply_days)s後に", False),
        ("翌営業日に延期", False),
        ("年末年始12/29〜1/3", False),
    ],
)
def test_windows_typed_as_words_are_found(text, found):
    assert bool(WINDOW_WORDS.search(text)) is found
