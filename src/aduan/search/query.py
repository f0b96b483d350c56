"""Searching: a parsed query applied to a queryset of reports, ranked, bounded, the same on both databases.

How a search runs (PostgreSQL and SQLite alike):
1. pool — of the reports given (already narrowed by the caller: `visibility.public_reports()` and any
   filters) whose index document holds every `include` term and no `exclude` term, the CANDIDATES most
   recent. A very common word ("jalan" is in a sixth of all reports) must not make the database read a
   hundred thousand rows: on PostgreSQL the pool is first looked for among the reports of today, the last
   2, 4 and 8 days, 2 and 4 months, 2 and 4 years, and only then in everything — each step one query
   whose tsquery ANDs the words with the window's day/month/year terms (which the vector holds, see
   `index.time_terms`), so the GIN index alone returns just the matches of that stretch of time, and the
   first step that fills the pool ends the search. The pool is the same set one query over everything
   would give (a window up to now that holds CANDIDATES matches holds the most recent ones), only
   cheaper; a rare word reaches the last step, where the GIN index finds its few rows. SQLite (the
   embedded default, small by design) runs the last step directly.
2. rank — one query over the pool's documents: `ts_rank_cd` over the weighted vector (A = 1.0 for the
   title, B = 0.4 for the body) on PostgreSQL, `bm25` with the title weighted 10 to the body's 1 on
   SQLite; ties newest first. Sorting happens in Python over at most CANDIDATES numbers.
3. page — `Ranked` behaves like a queryset for the paginators: its length is the pool's, and a slice
   loads only the reports of that page (with the caller's select_related), in rank order.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.safestring import SafeString

from aduan.reports.models import Report
from aduan.reports.visibility import public_text
from aduan.search import text
from aduan.search.models import SearchDocument
from aduan.search.text import Query

CANDIDATES = 1001  # = public.filters.MAX_COUNTED + 1: enough for every page the list can show


class UnsupportedDatabase(RuntimeError):
    pass


def tsquery(query: Query) -> str:
    """PostgreSQL: `'a' & 'b' & !'c'`, read with a plain `::tsquery` cast (no parser, no dictionary: the
    terms are the index's own, [0-9a-z]+, nothing to escape)."""
    parts = [f"'{term}'" for term in query.include] + [f"!'{term}'" for term in query.exclude]
    return " & ".join(parts)


def fts5_query(query: Query) -> str:
    """SQLite FTS5: `"a" AND "b" NOT "c"`."""
    found = " AND ".join(f'"{term}"' for term in query.include)
    return found + "".join(f' NOT "{term}"' for term in query.exclude)


def _vendor() -> str:
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise UnsupportedDatabase(f"full-text search supports PostgreSQL and SQLite, not {vendor}")
    return vendor


def _windows(now: datetime) -> list[list[str]]:
    """Time windows as index terms (see `index.time_terms`), each a stretch of time up to now, growing:
    today (UTC), the last 2, 4, 8 days, 2 and 4 months, 2 and 4 years."""
    today = now.astimezone(UTC).date()

    def days(n: int) -> list[str]:
        return [f"~d{today - timedelta(days=i):%Y%m%d}" for i in range(n)]

    def months(n: int) -> list[str]:
        year, month, found = today.year, today.month, []
        for _i in range(n):
            found.append(f"~m{year:04d}{month:02d}")
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return found

    def years(n: int) -> list[str]:
        return [f"~y{today.year - i:04d}" for i in range(n)]

    return [days(1), days(2), days(4), days(8), months(2), months(4), years(2), years(4)]


def facet_query(groups: list[list[str]]) -> str:
    """Filter values as a tsquery (see `index.facets`): each group's terms ORed, the groups ANDed."""
    return " & ".join("(" + " | ".join(f"'{term}'" for term in group) + ")" for group in groups if group)


def _pool_postgresql(
    reports: QuerySet[Report], query: Query, size: int, narrowed: bool, facets: list[list[str]] | None = None
) -> list[tuple[int, datetime]]:
    content = tsquery(query)
    if facets:
        # The filters' values are in the vector too: the GIN index narrows by them, and the caller's
        # queryset (when `narrowed`) still checks every filter on the reports themselves.
        content = f"({content}) & {facet_query(facets)}"
    for window in (*_windows(timezone.now()), None):
        # The window's terms are ANDed into the query, so the GIN index alone returns just the matches
        # submitted in that stretch of time: the heap is read for those rows only.
        wanted = content if window is None else f"({content}) & ({' | '.join(repr(t) for t in window)})"
        # The join to the document table is made by the `search_document__…` filter; the first join of a
        # table takes the table's name as its alias, which the match names.
        match = RawSQL('"search_searchdocument"."vector" @@ %s::tsquery', (wanted,), output_field=BooleanField())
        if narrowed:
            step = (
                reports.filter(search_document__submitted_at__isnull=False)
                .filter(match)
                .order_by("-search_document__submitted_at", "-pk")
                .values_list("pk", "search_document__submitted_at")
            )
        else:
            # Only the public filter: the index holds public reports only, so the documents alone answer;
            # `Ranked` loads the page through the caller's queryset, which re-checks visibility.
            step = (
                SearchDocument.objects.filter(match)
                .order_by("-submitted_at", "-report_id")
                .values_list("report_id", "submitted_at")
            )
        found = list(step[:size])
        if len(found) >= size or window is None:
            return found
    return []  # not reached


def _pool_sqlite(reports: QuerySet[Report], query: Query, size: int) -> list[tuple[int, datetime]]:
    matched = RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", (fts5_query(query),))
    return list(
        reports.filter(pk__in=matched).order_by("-submitted_at", "-pk").values_list("pk", "submitted_at")[:size]
    )


def _ranks(ids: list[int], query: Query) -> dict[int, float]:
    if not ids:
        return {}
    with connection.cursor() as cursor:
        if _vendor() == "postgresql":
            cursor.execute(
                "SELECT report_id, ts_rank_cd(vector, %s::tsquery) "
                "FROM search_searchdocument WHERE report_id = ANY(%s)",
                [tsquery(query), ids],
            )
        else:
            # bm25 weights: title 10, body 1 (lower bm25 is better, hence the minus); the pool is at most
            # CANDIDATES ids, within SQLite's limit of bound parameters.
            marks = ",".join(["%s"] * len(ids))
            cursor.execute(
                "SELECT rowid, -bm25(search_fts, 10.0, 1.0) FROM search_fts "  # noqa: S608 - only %s marks
                f"WHERE search_fts MATCH %s AND rowid IN ({marks})",
                [fts5_query(query), *ids],
            )
        return {pk: float(rank) for pk, rank in cursor.fetchall()}


class Ranked:
    """Search results in rank order, as the paginators use a queryset: `count()`, `order_by()` (kept as
    ranked), slicing; iterating loads just the reports of the slice, each with its `search_rank`."""

    ordered = True

    def __init__(self, reports: QuerySet[Report], ids: list[int], ranks: dict[int, float]) -> None:
        self.reports = reports
        self.ids = ids
        self.ranks = ranks
        self._loaded: list[Report] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:
        return len(self.ids)

    def exists(self) -> bool:
        return bool(self.ids)

    def order_by(self, *fields: Any) -> Ranked:
        return self

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, slice):
            return Ranked(self.reports, self.ids[key], self.ranks)
        return list(self)[key]

    def __iter__(self) -> Iterator[Report]:
        if self._loaded is None:
            found = {report.pk: report for report in self.reports.filter(pk__in=self.ids)} if self.ids else {}
            self._loaded = []
            for pk in self.ids:
                if pk in found:
                    found[pk].search_rank = self.ranks.get(pk, 0.0)
                    self._loaded.append(found[pk])
        return iter(self._loaded)


def search(
    reports: QuerySet[Report],
    query: Query,
    *,
    candidates: int = CANDIDATES,
    narrowed: bool = True,
    facets: list[list[str]] | None = None,
) -> Ranked:
    """The matching reports, ranked, at most `candidates` of them (runs the pool and rank queries now).
    `reports` is what the caller may show (`visibility.public_reports()`, filtered); `narrowed=False`
    says it holds no filter beyond visibility and `facets` (groups of `index.facets` terms that express
    the filters exactly), which lets PostgreSQL find the pool in the index alone."""
    if _vendor() == "postgresql":
        pool = _pool_postgresql(reports, query, candidates, narrowed, facets)
    else:
        pool = _pool_sqlite(reports, query, candidates)
    ranks = _ranks([pk for pk, _at in pool], query)
    ordered = sorted(pool, key=lambda row: (-ranks.get(row[0], 0.0), -row[1].timestamp(), -row[0]))
    return Ranked(reports, [pk for pk, _at in ordered], ranks)


def highlights(report: Report, query: Query) -> tuple[SafeString, SafeString]:
    """The public title highlighted, and a highlighted snippet of the public body — from
    `visibility.public_text` only, so what is redacted there never shows up here."""
    title, body = public_text(report)
    return text.highlight(title, query.stems), text.snippet(body, query.stems)
