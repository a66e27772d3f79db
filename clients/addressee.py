"""How the office addresses a client on paper and in mail: one rule for every document.

「会社名 御中」 when no contact person is known; otherwise the company on its own line and
「氏名 様」 below it (never 御中 and 様 together: 様 is for the person, 御中 for the company).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A contact typed with its own honorific (「能登 太郎様」, 「能登 太郎 殿」) gets ours only once.
_HONORIFIC = re.compile(r"[\s\u3000]*(様|さま|殿|御中)$")


@dataclass(frozen=True)
class Addressee:
    company: str
    person: str = ""

    @property
    def lines(self) -> list[str]:
        """["会社名 御中"] or ["会社名", "氏名 様"]."""
        if self.person:
            return [self.company, f"{self.person} 様"]
        return [f"{self.company} 御中"]

    def __str__(self) -> str:
        return "\n".join(self.lines)


def client_addressee(client) -> Addressee:
    """The addressee of ``client`` (a clients.models.Client) for a letter, fax or email."""
    person = _HONORIFIC.sub("", (client.contact_name or "").strip())
    return Addressee(company=(client.name or "").strip(), person=person.strip())
