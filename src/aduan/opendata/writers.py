"""Rows to bytes, a piece at a time: CSV and JSON are generated as the rows come from the cursor (a few
tens of kilobytes held at once); XLSX is written by XlsxWriter in `constant_memory` mode, which keeps one
row in memory and puts the sheet into a temporary file, and the finished file is then streamed.

Why XlsxWriter (pinned in pyproject.toml): it is the most used and best kept XLSX writer for Python, has
no dependencies, writes cells of the right type (numbers, dates; a text is never taken for a formula), and
its `constant_memory` mode is documented for exactly this (rows written in order, inline strings, no
shared-string table growing with the file). The cost is that the XLSX is assembled before its first
byte is sent — the temporary file is about the size of the uncompressed sheet. CSV and JSON Lines stream
from the first row and are the formats for the whole country."""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import IO, Any

import xlsxwriter
from django.conf import settings
from django.utils import timezone

from aduan.opendata.schema import DATETIME, INTEGER, LICENCE, LICENCE_NAME, LICENCE_URL, Column, Dataset

# Bytes gathered before a piece is handed to the server: large enough that per-piece costs vanish,
# small enough to stay flat.
PIECE = 64 * 1024
# A cell a spreadsheet would read as a formula starts with one of these (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Rows per worksheet: Excel's limit (1,048,576) less the header.
XLSX_ROWS = 1_048_575


def text(value: Any) -> Any:
    """A value as CSV and JSON write it: times in the instance's time zone, ISO 8601 to the second."""
    if isinstance(value, datetime):
        return value.astimezone(_zone()).isoformat(timespec="seconds")
    return value


def _zone() -> Any:
    return timezone.get_default_timezone()  # cached by Django


def guarded(value: str) -> str:
    """Free text in a CSV cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if value and value.startswith(FORMULA_START) else value


class _Pieces:
    """A file-like sink for csv.writer that hands back what was written, in pieces of about PIECE bytes."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def write(self, value: str) -> None:
        self.parts.append(value)
        self.size += len(value)

    def full(self) -> bool:
        return self.size >= PIECE

    def take(self) -> bytes:
        out = "".join(self.parts).encode()
        self.parts, self.size = [], 0
        return out


def csv_pieces(dataset: Dataset, rows: Iterable[tuple[Any, ...]]) -> Iterator[bytes]:
    """RFC 4180 CSV in UTF-8 (no byte-order mark), a header line of column names, then one line a row."""
    sink = _Pieces()
    writer = csv.writer(sink)
    writer.writerow([c.name for c in dataset.columns])
    free = [i for i, c in enumerate(dataset.columns) if c.free_text]
    for row in rows:
        values = [("" if v is None else text(v)) for v in row]
        for i in free:
            values[i] = guarded(values[i])
        writer.writerow(values)
        if sink.full():
            yield sink.take()
    yield sink.take()


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_pieces(dataset: Dataset, rows: Iterable[tuple[Any, ...]], meta: dict[str, Any]) -> Iterator[bytes]:
    """One JSON document: the metadata, then `data`, an array with one object a row (one a line), then
    `count`. Parsed whole by any JSON reader; written one row at a time."""
    names = [c.name for c in dataset.columns]
    head = _dumps(meta)[:-1]  # the metadata object, left open
    sink = _Pieces()
    sink.write(head + ',"columns":' + _dumps(names) + ',"data":[')
    count = 0
    for row in rows:
        sink.write(("\n" if count == 0 else ",\n") + _dumps(dict(zip(names, map(text, row), strict=True))))
        count += 1
        if sink.full():
            yield sink.take()
    sink.write(f'\n],"count":{count}}}\n')
    yield sink.take()


def jsonl_pieces(dataset: Dataset, rows: Iterable[tuple[Any, ...]]) -> Iterator[bytes]:
    """JSON Lines: one object a line, nothing else (the licence travels in the response's Link header)."""
    names = [c.name for c in dataset.columns]
    sink = _Pieces()
    for row in rows:
        sink.write(_dumps(dict(zip(names, map(text, row), strict=True))) + "\n")
        if sink.full():
            yield sink.take()
    yield sink.take()


def xlsx_file(dataset: Dataset, rows: Iterable[tuple[Any, ...]], meta: dict[str, Any]) -> IO[bytes]:
    """The workbook in a temporary file (deleted when closed), positioned at its start: the rows on one
    sheet (more sheets past Excel's row limit), and a sheet `keterangan` with the licence and the schema."""
    where = getattr(settings, "ADUAN_EXPORT_TMPDIR", "") or None
    out = tempfile.TemporaryFile(dir=where)  # noqa: SIM115 (handed to the response, which closes it)
    try:
        book = xlsxwriter.Workbook(out, {"constant_memory": True, "tmpdir": where})
        try:
            _write_book(book, dataset, rows, meta)
        finally:
            book.close()
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def _write_book(book: Any, dataset: Dataset, rows: Iterable[tuple[Any, ...]], meta: dict[str, Any]) -> None:
    bold = book.add_format({"bold": True})
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    columns = dataset.columns
    writers = [_cell_writer(c, when) for c in columns]
    sheet, number, line = None, 0, XLSX_ROWS
    count = 0
    for row in rows:
        if line >= XLSX_ROWS:
            number += 1
            sheet = _data_sheet(book, dataset, number, bold)
            line = 0
        line += 1
        for col, (write, value) in enumerate(zip(writers, row, strict=True)):
            if value is not None:
                write(sheet, line, col, value)
        count += 1
    if sheet is None:
        _data_sheet(book, dataset, 1, bold)
    _about_sheet(book, dataset, {**meta, "count": count}, bold)


def _cell_writer(column: Column, when: Any) -> Any:
    if column.type == INTEGER:
        return lambda sheet, row, col, value: sheet.write_number(row, col, value)
    if column.type == DATETIME:
        return lambda sheet, row, col, value: sheet.write_datetime(
            row, col, timezone.localtime(value).replace(tzinfo=None), when
        )
    return lambda sheet, row, col, value: sheet.write_string(row, col, value)


def _data_sheet(book: Any, dataset: Dataset, number: int, bold: Any) -> Any:
    sheet = book.add_worksheet(dataset.slug if number == 1 else f"{dataset.slug} ({number})")
    for col, column in enumerate(dataset.columns):
        sheet.set_column(col, col, column.width)
        sheet.write_string(0, col, column.name, bold)
    sheet.freeze_panes(1, 0)
    return sheet


def _about_sheet(book: Any, dataset: Dataset, meta: dict[str, Any], bold: Any) -> None:
    sheet = book.add_worksheet("keterangan")
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 2, 100)
    line = 0
    facts = [
        ("dataset", str(dataset.title)),
        ("license", f"{LICENCE_NAME} ({LICENCE})"),
        ("license_url", LICENCE_URL),
        *[(key, str(value)) for key, value in meta.items() if key not in {"license", "license_url", "dataset"}],
    ]
    for key, value in facts:
        sheet.write_string(line, 0, key, bold)
        sheet.write_string(line, 1, value)
        line += 1
    line += 1
    for col, head in enumerate(("column", "type", "meaning")):
        sheet.write_string(line, col, head, bold)
    for column in dataset.columns:
        line += 1
        sheet.write_string(line, 0, column.name)
        sheet.write_string(line, 1, column.type)
        sheet.write_string(line, 2, column.doc)
