"""Inspect PDFs the way a fax machine would care: page size, fonts, colours, line widths."""

from __future__ import annotations

import io
import itertools
import math

import pypdf
from pypdf.generic import ContentStream

A4_POINTS = (595.28, 841.89)
COLOUR_OPERATORS = {b"g", b"G", b"rg", b"RG", b"k", b"K"}
# Operators that would bring colour spaces, patterns, shadings or images we cannot vet by value.
FORBIDDEN_OPERATORS = {b"cs", b"CS", b"sc", b"SC", b"scn", b"SCN", b"sh", b"BI", b"d0", b"d1"}


def reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in reader(data).pages)


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in reader(data).pages]


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    return [
        (round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
        for p in reader(data).pages
    ]


def fonts(data: bytes) -> list[dict]:
    """Every font of every page: its name, whether it is embedded and whether it is a subset."""
    found = []
    for page in reader(data).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptors = [font.get("/FontDescriptor")]
            descriptors += [
                d.get_object().get("/FontDescriptor") for d in font.get("/DescendantFonts", [])
            ]
            descriptors = [d.get_object() for d in descriptors if d is not None]
            embedded = any(
                k in d for d in descriptors for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            name = str(font["/BaseFont"]).lstrip("/")
            tag, _, base = name.partition("+")
            found.append(
                {
                    "name": name,
                    "base": base or tag,
                    "embedded": embedded,
                    "subset": bool(base) and len(tag) == 6 and tag.isupper(),
                }
            )
    return found


def _is_black_or_white(op: bytes, operands: list) -> bool:
    values = [float(v) for v in operands]
    if op in (b"k", b"K"):  # CMYK: 0 0 0 1 is black, 0 0 0 0 white.
        return values[:3] == [0, 0, 0] and values[3] in (0, 1)
    return all(v == 0 for v in values) or all(v == 1 for v in values)


def _multiply(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def fax_problems(data: bytes, min_line_pt: float = 0.5) -> list[str]:
    """List everything that is not pure black/white or is thinner than ``min_line_pt``.

    Walks every page's content stream (and form XObjects), tracking the transformation matrix
    so that line widths are measured in points on paper. Transparency (which turns black into
    grey), shadings, patterns and images are reported too.
    """
    problems: list[str] = []
    pdf = reader(data)
    for number, page in enumerate(pdf.pages, start=1):
        resources = page["/Resources"]
        for gs in resources.get("/ExtGState", {}).values():
            gs = gs.get_object()
            for key in ("/ca", "/CA"):
                if key in gs and float(gs[key]) != 1:
                    problems.append(f"page {number}: transparency {key}={gs[key]}")
            if "/SMask" in gs and str(gs["/SMask"]) != "/None":
                problems.append(f"page {number}: soft mask")
        for key in ("/Shading", "/Pattern"):
            if resources.get(key):
                problems.append(f"page {number}: {key} resources")
        for name, xobject in resources.get("/XObject", {}).items():
            if xobject.get_object().get("/Subtype") == "/Image":
                problems.append(f"page {number}: image {name}")
        _walk(
            ContentStream(page.get_contents(), pdf),
            pdf,
            resources,
            number,
            problems,
            (1, 0, 0, 1, 0, 0),
            min_line_pt,
        )
    return problems


def _fill_thickness(rects) -> float:
    """The thinnest painted band of a fill made of one or two (nested) rectangles; 0 if none."""

    def box(r):
        x, y, w, h = r
        return min(x, x + w), min(y, y + h), max(x, x + w), max(y, y + h)

    if len(rects) == 1:
        x0, y0, x1, y1 = box(rects[0])
        return min(x1 - x0, y1 - y0)
    if len(rects) == 2:
        (a0, b0, a1, b1), (c0, d0, c1, d1) = sorted(
            (box(r) for r in rects), key=lambda b: (b[2] - b[0]) * (b[3] - b[1])
        )
        bands = [abs(c0 - a0), abs(d0 - b0), abs(c1 - a1), abs(d1 - b1)]
        # Differences below 0.01 are rounding in the layout, not a painted band.
        bands = [band for band in bands if band > 0.01]
        return min(bands) if bands else 0.0
    return 0.0


def _walk(stream, pdf, resources, number, problems, ctm, min_line_pt) -> None:
    stack = []
    text_scale = 1.0
    rects: list[tuple[float, float, float, float]] = []
    for operands, op in stream.operations:
        if op == b"re":
            rects.append(tuple(float(v) for v in operands))
        elif op in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
            # Borders are painted as filled rectangles (a ring between two of them, or one
            # thin bar): the painted thickness is what reaches the paper.
            scale = math.sqrt(abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]))
            thickness = _fill_thickness(rects) * scale
            if 0 < thickness < min_line_pt - 0.005:
                problems.append(f"page {number}: line {thickness:.2f} pt")
            rects = []
        elif op in (b"S", b"s", b"n"):
            rects = []
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op == b"cm":
            ctm = _multiply(tuple(float(v) for v in operands), ctm)
        elif op in COLOUR_OPERATORS and not _is_black_or_white(op, operands):
            problems.append(f"page {number}: colour {op.decode()} {[str(v) for v in operands]}")
        elif op in FORBIDDEN_OPERATORS:
            problems.append(f"page {number}: operator {op.decode()}")
        elif op == b"w":
            scale = math.sqrt(abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]))
            width = float(operands[0]) * scale
            if width < min_line_pt:
                problems.append(f"page {number}: line {width:.2f} pt")
        elif op == b"Do":
            xobject = resources["/XObject"][operands[0]].get_object()
            if xobject.get("/Subtype") == "/Form":
                _walk(
                    ContentStream(xobject, pdf),
                    pdf,
                    xobject.get("/Resources", resources),
                    number,
                    problems,
                    ctm,
                    min_line_pt,
                )
        elif op == b"Tm":
            a, b, c, d = (float(v) for v in operands[:4])
            text_scale = math.sqrt(abs(a * d - b * c))
        elif op == b"Tf":
            size = (
                float(operands[1]) * text_scale * math.sqrt(abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]))
            )
            if size < 10 - 0.01:
                problems.append(f"page {number}: text {size:.2f} pt")


def broken_across_lines(data: bytes, needles: list[str]) -> list[str]:
    """The ``needles`` (addresses, URLs) that do not appear whole on one line of the text.

    A needle missing from the squashed text is reported too: a test that looks for an
    address the document does not print must not pass by finding nothing.
    """
    lines = [line for page in page_texts(data) for line in page.splitlines()]
    squashed = "".join("".join(line.split()) for line in lines)
    return [
        needle
        for needle in needles
        if needle not in squashed or not any(needle in line for line in lines)
    ]


def honorific_problems(text: str) -> list[str]:
    """Lines of a FAX送付状 that give one addressee both 御中 and 様, or a 御中 line followed
    by a 様 line (the company 御中, then a person 様: the same addressee twice honoured)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    problems = [line for line in lines if "御中" in line and line.rstrip().endswith("様")]
    for first, second in itertools.pairwise(lines):
        if first.endswith("御中") and second.endswith("様"):
            problems.append(f"{first} / {second}")
    return problems
