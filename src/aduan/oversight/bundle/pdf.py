"""A report's summary as a PDF (fpdf2: pure Python, maintained, no system libraries; see docs/oversight.md).

The built-in Helvetica font covers Latin-1, which is enough for Indonesian; other characters are replaced
rather than embedding a font in every one of up to 500 summaries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from fpdf import FPDF

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
        self.multi_cell(0, 7, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def paragraph(self, text: str, size: int = 9, style: str = "") -> None:
        self.set_font("Helvetica", style, size)
        self.multi_cell(0, 4.5, latin1(text), new_x="LMARGIN", new_y="NEXT")

    def pairs(self, lines: list[Line]) -> None:
        for line in lines:
            self.set_font("Helvetica", "B", 9)
            self.cell(48, 5, latin1(line.label))
            self.set_font("Helvetica", "", 9)
            self.multi_cell(0, 5, latin1(line.value or "-"), new_x="LMARGIN", new_y="NEXT")
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
