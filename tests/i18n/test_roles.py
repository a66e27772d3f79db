"""One Japanese text, one English text: each msgid must read right in every role it plays.

Japanese uses the same word for a menu, a column and a count (事業者, 件); English does not
("Clients" in the menu, "Client" in a column, "1 client" / "3 reminders" in a count). These tests
find where each msgid is used (button, heading, label, count) in the templates and in the form and
model labels, and compare the English texts of those uses.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from .po import read_po

ROOT = Path(__file__).resolve().parents[2]
EN = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
PYTHON = sorted(
    p
    for app in ("clients", "recovery", "documents", "office")
    for p in (ROOT / app).rglob("*.py")
    if "migrations" not in p.parts
)

TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>")
VOID = {"input", "br", "img", "meta", "link", "hr", "source"}
TRANSLATE = re.compile(
    r'{%\s*(?:translate|trans)\s+"([^"]+)"(?:\s+context\s+"([^"]+)")?(?:\s+as\s+(\w+))?\s*%}'
)
COUNT = re.compile(r"{%\s*blocktranslate\s+count\b([^%]*)%}(.*?){%\s*plural\s*%}", re.S)
CONTEXT = re.compile(r'context\s+"([^"]+)"')
# Labels of form fields, model fields and kinds shown in tables.
PY_LABEL = re.compile(
    r"(?:label=|verbose_name=|models\.\w+Field\(\s*|gettext_noop\()"
    r'(?:_|gettext_lazy|pgettext_lazy)?\(?\s*(?:"([^"]+)",\s*)?"([^"]+)"'
)

# English texts that read right as a button, a heading and a label alike.
ROLE_NEUTRAL = {
    "Search",
    "Log in",
    "New case",
    "Add a staff member",
    "Count",
    "Make office administrator",  # a button and the checkbox that does the same
}
# Different Japanese words that may share one English word (true synonyms).
SYNONYMS = [
    {"扱い", "操作"},  # what was done with personal data: "Action"
    {"住所", "所在地"},  # "Address"
    {"CCUSの回答待ち", "CCUS回答待ち"},  # "Waiting for CCUS"
]


def _catalogue() -> dict[tuple[str, str], dict[int, str]]:
    return {(e.msgctxt, e.msgid): e.msgstr for e in read_po(EN) if e.msgid and not e.obsolete}


def _role_at(text: str, position: int) -> str:
    """The role of the text at ``position``: the innermost element around it decides."""
    block_start = text.rfind("{% block title %}", 0, position)
    if block_start != -1 and text.find("{% endblock %}", block_start, position) == -1:
        return "heading"
    stack: list[tuple[str, str]] = []
    for match in TAG.finditer(text, 0, position):
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            while stack and stack.pop()[0] != name:
                pass
        elif name not in VOID and not attributes.rstrip().endswith("/"):
            stack.append((name, attributes))
    for name, attributes in reversed(stack):
        classes = re.search(r'class="([^"]*)"', attributes)
        classes = classes.group(1).split() if classes else []
        if name == "button" or (name == "a" and "btn" in classes):
            return "button"
        if name == "a" and ({"nav-link", "dropdown-item"} & set(classes)):
            return "heading"
        if name in {"h1", "h2", "h3", "h4", "h5", "h6", "caption", "legend"}:
            return "heading"
        if name in {"th", "label", "dt"}:
            return "label"
    return "text"


def _uses() -> dict[tuple[str, str], dict[str, set[str]]]:
    """(context, msgid) → role → the files that use it so."""
    uses: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in TEMPLATES:
        if "pdf" in path.parts:
            continue  # PDFs are never translated
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(ROOT))
        for match in TRANSLATE.finditer(text):
            msgid, context, variable = match.group(1), match.group(2) or "", match.group(3)
            if variable:
                for use in re.finditer(r"{{\s*" + variable + r"\s*}}", text):
                    uses[(context, msgid)][_role_at(text, use.start())].add(name)
            else:
                uses[(context, msgid)][_role_at(text, match.start())].add(name)
        for match in COUNT.finditer(text):
            context = CONTEXT.search(match.group(1))
            msgid = re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", match.group(2))
            uses[(context.group(1) if context else "", msgid)]["count"].add(name)
    for path in PYTHON:
        for match in PY_LABEL.finditer(path.read_text(encoding="utf-8")):
            uses[(match.group(1) or "", match.group(2))]["label"].add(str(path.relative_to(ROOT)))
    return uses


def test_the_scanner_sees_the_roles_it_checks():
    uses = _uses()
    assert "button" in uses[("", "検索")]
    assert "heading" in uses[("一覧", "事業者")]
    assert "label" in uses[("", "事業者")]
    assert "count" in uses[("案件", "%(counter)s件")]
    assert "text" in uses[("履歴", "変更")]  # the client history's kind of entry
    assert "label" in uses[("", "ステータス")]  # a form label in recovery/forms.py
    assert "button" in uses[("", "変更する")]  # through {% translate … as t_change %}


def test_a_msgid_used_in_several_roles_has_an_english_text_that_fits_them_all():
    catalogue = _catalogue()
    wrong = []
    for key, roles in sorted(_uses().items()):
        shown = {role for role in roles if role in {"button", "heading", "label"}}
        english = catalogue.get(key, {}).get(0, "")
        if len(shown) > 1 and english not in ROLE_NEUTRAL:
            wrong.append(
                f"{key} as {sorted(shown)} reads {english!r}: "
                "split it with a context (pgettext / {% translate … context … %})"
            )
    assert wrong == []


def test_buttons_say_what_they_do():
    catalogue = _catalogue()
    wrong = [
        f"{key}: {catalogue[key][0]!r} in {sorted(roles['button'])}"
        for key, roles in _uses().items()
        if "button" in roles
        and key in catalogue
        and re.fullmatch(r"[A-Z][a-z]+ed", catalogue[key].get(0, ""))
    ]
    assert wrong == []  # e.g. "Changed" on a button: a state, not an action


def test_every_count_names_what_it_counts_in_singular_and_plural():
    catalogue = _catalogue()
    wrong = []
    for (context, msgid), roles in sorted(_uses().items()):
        if "count" not in roles:
            continue
        forms = catalogue.get((context, msgid), {})
        if not context:
            if re.fullmatch(r"%\(\w+\)s\s*件", msgid):
                wrong.append(
                    f"{msgid!r} in {sorted(roles['count'])} needs a context naming what it counts"
                )
            continue
        noun = catalogue.get(("", context), {}).get(0, "").lower().rstrip("s")
        if not noun:
            wrong.append(f"context {context!r} of {msgid!r} has no English noun")
            continue
        one, many = forms.get(0, ""), forms.get(1, "")
        if noun not in one.lower() or noun + "s" not in many.lower() or one == many:
            wrong.append(
                f"({context!r}, {msgid!r}) reads {one!r} / {many!r}, "
                f"not one {noun} / several {noun}s"
            )
    assert wrong == []


def test_different_words_in_labels_and_headings_keep_different_english():
    catalogue = _catalogue()
    by_english: dict[str, set[str]] = defaultdict(set)
    for key, roles in _uses().items():
        if {"label", "heading"} & set(roles) and key in catalogue:
            english = catalogue[key].get(0, "").strip().rstrip(":").lower()
            if english:
                by_english[english].add(key[1])
    clashes = {
        english: sorted(msgids)
        for english, msgids in by_english.items()
        if len(msgids) > 1 and not any(msgids <= group for group in SYNONYMS)
    }
    assert clashes == {}  # e.g. 状況 and ステータス both "Status"
