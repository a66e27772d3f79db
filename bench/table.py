"""A tiny table printer shared by the benchmarks."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[object]] = field(default_factory=list)

    def add(self, *values: object) -> None:
        self.rows.append(list(values))

    def render(self) -> str:
        cells = [self.columns] + [[_fmt(v) for v in row] for row in self.rows]
        widths = [max(_width(row[i]) for row in cells) for i in range(len(self.columns))]
        lines = [f"## {self.title}"]
        for n, row in enumerate(cells):
            padded = (_pad(c, w) for c, w in zip(row, widths, strict=True))
            lines.append("| " + " | ".join(padded) + " |")
            if n == 0:
                lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        return "\n".join(lines)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if value < 100 else f"{value:.1f}"
    return str(value)


def _width(text: str) -> int:
    # East Asian wide characters take two columns in a terminal.
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def median_ms(fn, repeat: int) -> float:
    """Call ``fn`` ``repeat`` times and return the median wall time in milliseconds."""
    import time

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)[len(times) // 2]
