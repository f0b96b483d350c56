"""Search results as list rows: the rows of `public.listing` with the matched words highlighted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from aduan.public.listing import ReportRow
from aduan.reports.models import Report
from aduan.search.query import highlights
from aduan.search.text import Query


def highlighted(rows: Sequence[ReportRow], reports: Sequence[Report], query: Query) -> list[ReportRow]:
    """Each row (built from the report at the same position) with its highlighted public title and body
    snippet; the text comes from `visibility.public_text`, never from the original."""
    result = []
    for row, report in zip(rows, reports, strict=True):
        title, snippet = highlights(report, query)
        result.append(replace(row, title_html=title, snippet=snippet))
    return result
