"""Searching: a parsed query applied to a queryset of reports, ranked, bounded, the same on both databases.

How a search runs (PostgreSQL and SQLite alike):
1. match — the reports (already narrowed by the caller: `visibility.public_reports()` and any filters)
   whose index document holds every `include` term and no `exclude` term: the GIN index over the tsvector
   on PostgreSQL, FTS5 on SQLite;
2. bound — of those, the CANDIDATES most recent (the list counts at most 1,000 anyway): a very common
   word ("jalan") never makes the database rank a hundred thousand reports. PostgreSQL then walks the
   public-recent index and stops early, and for a rare word it reads the few matches from the GIN index;
3. rank — the candidates by relevance, title above body: `ts_rank_cd` over the weighted vector (A = 1.0
   for the title, B = 0.4 for the body) on PostgreSQL, `bm25` with the title weighted 10 to the body's 1
   on SQLite; ties (and equal ranks) newest first.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from aduan.reports.models import Report
from aduan.reports.visibility import public_text
from aduan.search import text
from aduan.search.text import Query

CANDIDATES = 1001  # = public.filters.MAX_COUNTED + 1: enough for every page the list can show


class UnsupportedDatabase(RuntimeError):
    pass


def tsquery(query: Query) -> str:
    """PostgreSQL: `'a' & 'b' & !'c'` (terms are [0-9a-z]+, nothing to escape)."""
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


def matching(reports: QuerySet[Report], query: Query) -> QuerySet[Report]:
    """The reports whose public text matches (no order, no bound)."""
    if _vendor() == "postgresql":
        found = RawSQL(
            "SELECT report_id FROM search_searchdocument WHERE vector @@ to_tsquery('simple'::regconfig, %s)",
            (tsquery(query),),
        )
    else:
        found = RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", (fts5_query(query),))
    return reports.filter(pk__in=found)


def rank(query: Query) -> RawSQL:
    """Relevance of the report of the row, higher is better."""
    if _vendor() == "postgresql":
        return RawSQL(
            "SELECT ts_rank_cd(d.vector, to_tsquery('simple'::regconfig, %s)) FROM search_searchdocument d "
            'WHERE d.report_id = "reports_report"."id"',
            (tsquery(query),),
            output_field=FloatField(),
        )
    return RawSQL(
        # bm25 weights: title 10, body 1 (lower bm25 is better, hence the minus)
        "SELECT -bm25(search_fts, 10.0, 1.0) FROM search_fts "
        'WHERE search_fts MATCH %s AND rowid = "reports_report"."id"',
        (fts5_query(query),),
        output_field=FloatField(),
    )


def search(reports: QuerySet[Report], query: Query, *, candidates: int = CANDIDATES) -> QuerySet[Report]:
    """The matching reports, ranked (annotated `search_rank`), at most `candidates` of them."""
    pool = matching(reports, query).order_by("-submitted_at", "-pk").values("pk")[:candidates]
    return (
        reports.filter(pk__in=pool).annotate(search_rank=rank(query)).order_by("-search_rank", "-submitted_at", "-pk")
    )


def highlights(report: Report, query: Query) -> tuple[SafeString, SafeString]:
    """The public title highlighted, and a highlighted snippet of the public body — from
    `visibility.public_text` only, so what is redacted there never shows up here."""
    title, body = public_text(report)
    return text.highlight(title, query.stems), text.snippet(body, query.stems)
