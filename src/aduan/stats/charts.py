"""Small SVG charts drawn on the server: no script, no build step, a few kilobytes each.

Each chart is decorative for assistive technology (`aria-hidden`): the page puts the same numbers in a
table right after it, and offers them as CSV."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
COLORS = ("#1f5f8b", "#e07b24")
SCALE = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#eeeeee"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def _svg(width: int, height: int, body: str, label: str) -> SafeString:
    return mark_safe(  # noqa: S308 -- every text inside is escaped
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="presentation" aria-hidden="true" '
        f'focusable="false" xmlns="http://www.w3.org/2000/svg" data-chart="{escape(label)}">{body}</svg>'
    )


def number(value: float | int) -> str:
    """Indonesian digits: 12.345 and 1,5."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return f"{int(value):,}".replace(",", ".")


def month_label(month: date) -> str:
    return f"{MONTHS[month.month - 1]} {month.year}"


def bars(items: Sequence[tuple[str, float]], label: str, unit: str = "") -> SafeString:
    """Horizontal bars, longest first as given: (label, value)."""
    row, left, right = 26, 220, 70
    height = max(len(items), 1) * row + 8
    top = max((v for _l, v in items), default=0) or 1
    parts = []
    for i, (name, value) in enumerate(items):
        y = 4 + i * row
        w = (WIDTH - left - right) * value / top
        short = name if len(name) <= 31 else name[:30] + "…"
        parts.append(
            f'<text x="{left - 6}" y="{y + 17}" text-anchor="end" font-size="12">{escape(short)}</text>'
            f'<rect x="{left}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" fill="{COLORS[0]}"/>'
            f'<text x="{left + w + 4:.1f}" y="{y + 17}" font-size="12">{escape(number(value))}{escape(unit)}</text>'
        )
    return _svg(WIDTH, height, "".join(parts), label)


def series(points: Sequence[tuple[date, int, int]], names: tuple[str, str], label: str) -> SafeString:
    """Two lines over months (received, responded) with a legend."""
    height, left, bottom, top_pad = 230, 48, 40, 28
    inner_w, inner_h = WIDTH - left - 12, height - bottom - top_pad
    top = max((max(a, b) for _m, a, b in points), default=0) or 1
    n = len(points)

    def x(i: int) -> float:
        return left + (inner_w * (i + 0.5) / n if n else 0)

    def y(v: int) -> float:
        return top_pad + inner_h * (1 - v / top)

    parts = [
        f'<line x1="{left}" y1="{top_pad + inner_h}" x2="{WIDTH - 12}" y2="{top_pad + inner_h}" stroke="#888"/>',
        f'<line x1="{left}" y1="{top_pad}" x2="{WIDTH - 12}" y2="{top_pad}" stroke="#ddd"/>',
        f'<text x="{left - 4}" y="{top_pad + 4}" text-anchor="end" font-size="11">{escape(number(top))}</text>',
        f'<text x="{left - 4}" y="{top_pad + inner_h + 4}" text-anchor="end" font-size="11">0</text>',
    ]
    for column, color in ((1, COLORS[0]), (2, COLORS[1])):
        coords = " ".join(f"{x(i):.1f},{y(p[column]):.1f}" for i, p in enumerate(points))
        if n == 1:
            parts.append(f'<circle cx="{x(0):.1f}" cy="{y(points[0][column]):.1f}" r="4" fill="{color}"/>')
        elif n:
            parts.append(f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="2.5"/>')
    step = max(1, -(-n // 8))
    for i in range(0, n, step):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - bottom + 18}" text-anchor="middle" font-size="11">'
            f"{escape(month_label(points[i][0]))}</text>"
        )
    for k, (name, color) in enumerate(zip(names, COLORS, strict=True)):
        parts.append(
            f'<rect x="{left + k * 200}" y="6" width="14" height="4" fill="{color}"/>'
            f'<text x="{left + k * 200 + 20}" y="12" font-size="12">{escape(name)}</text>'
        )
    return _svg(WIDTH, height, "".join(parts), label)


# A tile map of the 38 provinces: (column, row, abbreviation), roughly where each lies.
TILES: dict[str, tuple[int, int, str]] = {
    "11": (0, 0, "ACEH"),
    "12": (1, 1, "SUMUT"),
    "14": (2, 1, "RIAU"),
    "21": (3, 0, "KEPRI"),
    "13": (1, 2, "SUMBAR"),
    "15": (2, 2, "JAMBI"),
    "19": (3, 2, "BABEL"),
    "17": (1, 3, "BKL"),
    "16": (2, 3, "SUMSEL"),
    "18": (2, 4, "LPG"),
    "31": (4, 4, "DKI"),
    "36": (3, 5, "BANTEN"),
    "32": (4, 5, "JABAR"),
    "33": (5, 5, "JATENG"),
    "34": (5, 6, "DIY"),
    "35": (6, 5, "JATIM"),
    "51": (7, 5, "BALI"),
    "52": (8, 5, "NTB"),
    "53": (9, 5, "NTT"),
    "61": (5, 1, "KALBAR"),
    "65": (6, 0, "KALTARA"),
    "64": (6, 1, "KALTIM"),
    "62": (5, 2, "KALTENG"),
    "63": (6, 2, "KALSEL"),
    "75": (8, 0, "GTLO"),
    "71": (9, 0, "SULUT"),
    "72": (8, 1, "SULTENG"),
    "76": (7, 2, "SULBAR"),
    "73": (8, 2, "SULSEL"),
    "74": (9, 2, "SULTRA"),
    "82": (10, 1, "MALUT"),
    "81": (10, 2, "MALUKU"),
    "96": (11, 1, "PBD"),
    "92": (12, 1, "PABAR"),
    "91": (13, 1, "PAPUA"),
    "94": (12, 2, "PAPTENG"),
    "95": (13, 2, "PAPEG"),
    "93": (13, 3, "PAPSEL"),
}


def classes(values: Sequence[float]) -> list[float]:
    """Upper bounds of five equal classes from 0 to the largest value."""
    top = max(values, default=0)
    return [top * (i + 1) / len(SCALE) for i in range(len(SCALE))] if top else []


def color(value: float | None, bounds: list[float]) -> str:
    if value is None or not bounds:
        return NO_DATA
    for bound, fill in zip(bounds, SCALE, strict=True):
        if value <= bound:
            return fill
    return SCALE[-1]


def tile_map(values: dict[str, float | None], names: dict[str, str], links: dict[str, str], label: str) -> SafeString:
    """A choropleth of provinces as tiles; `values` per province code (None: no population known)."""
    size, gap, top_pad = 44, 4, 4
    legend_h = 34
    width = 14 * (size + gap)
    height = 7 * (size + gap) + legend_h + top_pad
    bounds = classes([v for v in values.values() if v is not None])
    parts = []
    for code, (col, row, short) in TILES.items():
        value = values.get(code)
        fill = color(value, bounds)
        ink = "#ffffff" if fill in SCALE[3:] else "#111111"
        x, y = col * (size + gap), top_pad + row * (size + gap)
        title = f"{names.get(code, code)}: {number(value) if value is not None else '—'}"
        tile = (
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="4" fill="{fill}" stroke="#777" '
            f'stroke-width=".5"/><text x="{x + size / 2}" y="{y + size / 2 + 3}" text-anchor="middle" '
            f'font-size="8.5" fill="{ink}">{escape(short)}</text><title>{escape(title)}</title>'
        )
        href = links.get(code)
        parts.append(f'<a href="{escape(href)}" tabindex="-1">{tile}</a>' if href else f"<g>{tile}</g>")
    y = height - legend_h + 8
    for i, fill in enumerate(SCALE):
        low = 0 if i == 0 else bounds[i - 1] if bounds else 0
        high = bounds[i] if bounds else 0
        parts.append(
            f'<rect x="{i * 120}" y="{y}" width="16" height="12" fill="{fill}" stroke="#777" stroke-width=".5"/>'
            f'<text x="{i * 120 + 20}" y="{y + 10}" font-size="11">{escape(number(round(low, 1)))}–'
            f"{escape(number(round(high, 1)))}</text>"
        )
    return _svg(width, height, "".join(parts), label)
