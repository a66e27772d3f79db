"""A minimal reader of gettext .po files: enough to check that every entry is translated."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgctxt: str = ""
    msgid: str = ""
    msgid_plural: str = ""
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())


def read_po(path: Path) -> list[Entry]:
    """Every entry of the catalogue, the header (msgid "") included."""
    entries: list[Entry] = []
    current = Entry()
    key: tuple[str, int] | None = None
    started = False

    def finish() -> None:
        nonlocal current, started, key
        if started:
            entries.append(current)
        current, started, key = Entry(), False, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            current.obsolete = True
            continue
        if line.startswith("#,"):
            current.flags.update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            _append(current, key, ast.literal_eval(line))
            continue
        word, _, rest = line.partition(" ")
        if word.startswith("msgid") and started and key and key[0] == "msgstr":
            finish()
        started = True
        value = ast.literal_eval(rest)
        if word == "msgid":
            key = ("msgid", 0)
        elif word == "msgid_plural":
            key = ("msgid_plural", 0)
        elif word == "msgstr":
            key = ("msgstr", 0)
        elif word.startswith("msgstr["):
            key = ("msgstr", int(word[7:-1]))
        elif word == "msgctxt":
            key = ("msgctxt", 0)
        if key[0] == "msgstr":
            current.msgstr.setdefault(key[1], "")
        _append(current, key, value)
    finish()
    return entries


def _append(entry: Entry, key: tuple[str, int] | None, text: str) -> None:
    if key is None:
        return
    name, index = key
    if name == "msgctxt":
        entry.msgctxt += text
    elif name == "msgid":
        entry.msgid += text
    elif name == "msgid_plural":
        entry.msgid_plural += text
    elif name == "msgstr":
        entry.msgstr[index] = entry.msgstr.get(index, "") + text
