"""Find Japanese a staff member would read on an English page, outside data.

Data is left out: every text value stored in the database (names, addresses, notes, the office's
own details), elements marked ``lang="ja"`` (what goes to CCUS or to a client in Japanese: the
inquiry text, the client email), CCUS's own labels quoted 「…」 or 【…】 (the user must find them
as written), strings the caller lists (the CSV's own header), scripts, styles, text areas (what
a person typed) and the footer (the language selector names each language in itself).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.apps import apps
from django.db import models

# CCUS's own labels, quoted as the English catalogue quotes them (「…」, 【…】): the user must
# find them on CCUS's Japanese pages as written.
QUOTED_CCUS_LABEL = re.compile(r"【[^】]*】|「[^」]*」")
JAPANESE = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff60]+")
SKIPPED = {"script", "style", "textarea", "footer"}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
READ_ATTRIBUTES = ("placeholder", "title", "aria-label", "data-label", "alt")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[str] = []

    @property
    def skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs) -> None:
        values = dict(attrs)
        skip = tag in SKIPPED or values.get("lang") == "ja"
        if not skip and not self.skipping:
            self.texts.extend(values[a] for a in READ_ATTRIBUTES if values.get(a))
            if tag == "input" and values.get("type") in ("submit", "button"):
                self.texts.append(values.get("value") or "")
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_startendtag(self, tag, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data) -> None:
        if not self.skipping:
            self.texts.append(data)


def readable_text(html: str) -> str:
    reader = _Reader()
    reader.feed(html)
    return "\n".join(reader.texts)


def stored_texts() -> list[str]:
    """Every text value in the database, longest first (so a name goes before its parts)."""
    found: set[str] = set()
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            found.update(v.strip() for v in row if isinstance(v, str) and v.strip())
    return sorted(found, key=len, reverse=True)


def japanese_outside_data(html: str, data: list[str], allowed: tuple[str, ...] = ()) -> list[str]:
    text = readable_text(html)
    for value in [*data, *allowed]:
        text = text.replace(value, " ")
    text = QUOTED_CCUS_LABEL.sub(" ", text)
    return sorted(set(JAPANESE.findall(text)))
