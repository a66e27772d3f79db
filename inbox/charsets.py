"""Japanese mail charsets, decoded as what they are.

Mail software labels Japanese bodies with names Python does not know (``Windows-31J``, ``x-sjis``,
``x-euc-jp``, ``iso-2022-jp-ms``, ``cp50220``…), and Microsoft's ISO-2022-JP carries characters
plain ISO-2022-JP lacks (①, ㈱, 髙: NEC row 13 and the IBM extensions), which no Python codec
decodes. ``decode_text`` maps each label to the codecs that really fit, tries them strictly in
order, and returns None when none decodes the bytes: a body that could only be read with
replacement characters is never stored (its Japanese words would vanish, and with them the
secret words the masking looks for).
"""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_text"]

# Labels (lower case, "_" and "-" removed) → decoders to try in order. "ms" means this module's
# JIS-to-cp932 decoders below (Microsoft's variants: cp932 characters in JIS or EUC dress).
_SJIS = ("cp932",)  # cp932 is a superset of Shift_JIS as mail software writes it
_EUC = ("euc_jp", "eucjp_ms", "euc_jis_2004")
_JIS = ("iso2022_jp", "iso2022_jp_ms", "iso2022_jp_ext", "iso2022_jp_2004")
_ALIASES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        (
            "shiftjis",
            "sjis",
            "xsjis",
            "xshiftjis",
            "csshiftjis",
            "mskanji",
            "windows31j",
            "cswindows31j",
            "cp932",
            "ms932",
            "ibm943",
            "xmscp932",
            "windows932",
        ),
        _SJIS,
    ),
    "shiftjisx0213": ("shift_jisx0213", "cp932"),
    "shiftjis2004": ("shift_jis_2004", "cp932"),
    **dict.fromkeys(
        (
            "eucjp",
            "xeucjp",
            "xeuc",
            "ujis",
            "xeucjpms",
            "eucjpms",
            "cp51932",
            "cseucpkdfmtjapanese",
            "eucjpopen",
        ),
        _EUC,
    ),
    "eucjisx0213": ("euc_jisx0213", "euc_jp"),
    "eucjis2004": ("euc_jis_2004", "euc_jp"),
    **dict.fromkeys(("iso2022jp", "csiso2022jp", "jis", "xjis"), _JIS),
    **dict.fromkeys(
        ("iso2022jpms", "cp50220", "cp50221", "cp50222", "csiso2022jpms"),
        ("iso2022_jp_ms", "iso2022_jp", "iso2022_jp_ext"),
    ),
    "iso2022jp1": ("iso2022_jp_1", "iso2022_jp_ms"),
    "iso2022jp2": ("iso2022_jp_2", "iso2022_jp_ms"),
    "iso2022jp3": ("iso2022_jp_3", "iso2022_jp_2004"),
    "iso2022jp2004": ("iso2022_jp_2004", "iso2022_jp_3", "iso2022_jp_ms"),
    **dict.fromkeys(("", "usascii", "ascii", "unknown8bit", "xunknown"), ("utf_8", "iso2022_jp")),
    **dict.fromkeys(("utf8", "xutf8", "unicode11utf8"), ("utf_8",)),
}


def _label_key(label: str) -> str:
    return re.sub(r"[\s_\-]", "", label.strip().strip("\"'").lower())


def decoders_for(label: str | None) -> tuple[str, ...]:
    """The decoders to try for a charset label; a label nobody knows gets UTF-8 (strict), the
    only guess that fails loudly on bytes it does not fit."""
    key = _label_key(label or "")
    if key in _ALIASES:
        return _ALIASES[key]
    try:
        return (codecs.lookup((label or "").strip()).name,)
    except (LookupError, ValueError):
        return ("utf_8",)


def decode_text(payload: bytes, label: str | None) -> str | None:
    """``payload`` decoded strictly with the first decoder that fits ``label``; None if none
    does (the caller flags the mail for staff instead of storing replacement characters)."""
    for name in decoders_for(label):
        try:
            if name == "iso2022_jp_ms":
                return _decode_iso2022_ms(payload)
            if name == "eucjp_ms":
                return _decode_euc_ms(payload)
            return payload.decode(name)
        except (UnicodeDecodeError, LookupError, ValueError):
            continue
    return None


def _jis_to_sjis(first: int, second: int) -> bytes:
    """One JIS X 0208 code (two bytes 0x21–0x7E) as the Shift_JIS bytes cp932 reads."""
    if not (0x21 <= first <= 0x7E and 0x21 <= second <= 0x7E):
        raise ValueError("not a JIS code")
    row, cell = first - 0x21, second - 0x21
    lead = 0x81 + row // 2
    if lead > 0x9F:
        lead += 0x40
    if row % 2 == 0:
        trail = 0x40 + cell
        if trail >= 0x7F:
            trail += 1
    else:
        trail = 0x9F + cell
    return bytes((lead, trail))


_ESCAPES = {
    b"\x1b(B": "ascii",
    b"\x1b(J": "ascii",  # JIS X 0201 Roman: ASCII but for ¥ and ‾, as mail software treats it
    b"\x1b(I": "kana",
    b"\x1b$@": "jis",
    b"\x1b$B": "jis",
    b"\x1b&@\x1b$B": "jis",
}


def _decode_iso2022_ms(data: bytes) -> str:
    """ISO-2022-JP as Microsoft writes it (CP50220–50222): every JIS pair read through cp932,
    so NEC row 13 (①, ㈱) and the NEC-selected IBM extensions (髙) decode."""
    out = bytearray()
    mode = "ascii"
    i, size = 0, len(data)
    while i < size:
        byte = data[i]
        if byte == 0x1B:
            for escape, new_mode in _ESCAPES.items():
                if data.startswith(escape, i):
                    mode = new_mode
                    i += len(escape)
                    break
            else:
                raise ValueError("unknown escape sequence")
            continue
        if byte == 0x0E:  # SO: half-width katakana until SI (CP50222)
            mode, i = "kana", i + 1
            continue
        if byte == 0x0F:
            mode, i = "ascii", i + 1
            continue
        if byte >= 0x80:
            raise ValueError("8-bit byte in a 7-bit charset")
        if byte in (0x0A, 0x0D) and mode == "jis":
            mode = "ascii"  # a line end without ESC ( B: take ASCII, as mail readers do
        if mode == "jis":
            if i + 1 >= size:
                raise ValueError("half a JIS character")
            out += _jis_to_sjis(byte, data[i + 1])
            i += 2
        elif mode == "kana":
            if not 0x21 <= byte <= 0x5F:
                raise ValueError("not a half-width katakana")
            out.append(byte + 0x80)
            i += 1
        else:
            out.append(byte)
            i += 1
    return out.decode("cp932")


def _decode_euc_ms(data: bytes) -> str:
    """EUC-JP as Microsoft writes it (CP51932, eucJP-ms): two-byte codes read through cp932."""
    out = bytearray()
    i, size = 0, len(data)
    while i < size:
        byte = data[i]
        if byte < 0x80:
            out.append(byte)
            i += 1
        elif byte == 0x8E and i + 1 < size and 0xA1 <= data[i + 1] <= 0xDF:
            out.append(data[i + 1])  # SS2: half-width katakana
            i += 2
        elif 0xA1 <= byte <= 0xFE and i + 1 < size and 0xA1 <= data[i + 1] <= 0xFE:
            out += _jis_to_sjis(byte - 0x80, data[i + 1] - 0x80)
            i += 2
        else:
            raise ValueError("not EUC-JP")
    return out.decode("cp932")
