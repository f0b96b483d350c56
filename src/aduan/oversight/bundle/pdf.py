"""A report's summary as a PDF (fpdf2: pure Python, maintained, no system libraries; see docs/oversight.md).

The built-in Helvetica font covers Latin-1, which is enough for Indonesian; other characters are replaced
rather than embedding a font in every one of up to 500 summaries."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from fpdf import FPDF

CHARS_AT_9PT = 105  # characters of average Helvetica text that fit the A4 text width at 9 pt
REPLACEMENTS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "•": "-"})


def latin1(text: object) -> str:
    return str(text).translate(REPLACEMENTS).encode("latin-1", "replace").decode("latin-1")


@dataclass(frozen=True)
class Line:
    label: str
    value: str


class Summary(FPDF):
    def __init__(self, footer_text: str, *, compress: bool = True) -> None:
        super().__init__(format="A4")
        self.footer_text = footer_text
        self.set_compression(compress)
        self.set_auto_page_break(True, margin=15)
        self.set_margins(15, 15, 15)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=7)
        self.cell(0, 5, latin1(f"{self.footer_text} - {self.page_no()}"), align="C")

    def heading(self, text: str, size: int = 13) -> None:
        self.set_font("Helvetica", "B", size)
        self.cell(0, 7, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def paragraph(self, text: str, size: int = 9, style: str = "") -> None:
        """Wrapped by character count and checked by width once per line: fpdf2's own line breaking
        (multi_cell, write) measures every character and costs ~20 times more, which a 500-report bundle feels."""
        self.set_font("Helvetica", style, size)
        columns = int(CHARS_AT_9PT * 9 / size)
        for line in self._lines(latin1(text), columns):
            self.cell(0, 4.5, line, new_x="LMARGIN", new_y="NEXT")

    def _lines(self, text: str, columns: int) -> list[str]:
        lines: list[str] = []
        for raw in text.splitlines() or [""]:
            for line in textwrap.wrap(raw, columns, break_long_words=True, replace_whitespace=False) or [""]:
                if self.get_string_width(line) > self.epw:  # wide letters: wrap this line tighter
                    lines.extend(textwrap.wrap(line, int(columns * 0.7), break_long_words=True))
                else:
                    lines.append(line)
        return lines

    def pairs(self, lines: list[Line]) -> None:
        # One line each (cell, no line breaking: the costly part of fpdf2), long values shortened.
        for line in lines:
            self.set_font("Helvetica", "B", 9)
            self.cell(48, 5, latin1(line.label))
            self.set_font("Helvetica", "", 9)
            value = latin1(line.value or "-")
            self.cell(0, 5, value if len(value) <= 95 else value[:92] + "...", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)


def render(
    *,
    title: str,
    facts: list[Line],
    body: str,
    timeline: list[tuple[str, str, str]],
    verification: list[str],
    attachments: list[str],
    notes: list[str],
    created: datetime,
    compress: bool = True,
) -> bytes:
    """timeline: (when and what, who, text) per event."""
    pdf = Summary(
        _("Berkas investigasi Aduan, dibuat %(at)s") % {"at": created.strftime("%Y-%m-%d %H:%M UTC")}, compress=compress
    )
    pdf.set_title(latin1(title))
    pdf.set_creator("Aduan")
    pdf.set_creation_date(created)
    pdf.add_page()
    pdf.heading(title)
    pdf.pairs(facts)
    for note in notes:
        pdf.paragraph(note, style="I")
    pdf.ln(2)
    pdf.heading(_("Isi laporan"), 11)
    pdf.paragraph(body)
    pdf.ln(2)
    pdf.heading(_("Riwayat"), 11)
    for when, who, text in timeline:
        pdf.paragraph(f"{when} - {who}", style="B")
        if text:
            pdf.paragraph(text)
        pdf.ln(1)
    pdf.heading(_("Verifikasi rantai hash"), 11)
    for line in verification:
        pdf.paragraph(line)
    if attachments:
        pdf.ln(2)
        pdf.heading(_("Lampiran"), 11)
        for line in attachments:
            pdf.paragraph(line, size=8)
    return bytes(pdf.output())
