"""Writing the search index: which reports are in it and with what terms.

A report is in the index exactly while `visibility.is_public(report)` holds, with the terms of
`visibility.public_text(report)` — the approved, redacted text the public reads. Nothing else is indexed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from django.db.models import QuerySet

from aduan.reports.models import PUBLIC, Report
from aduan.reports.visibility import is_public, public_reports, public_text
from aduan.search import text
from aduan.search.models import SearchDocument

# What indexing reads of a report: its texts and the reporter's identity (public_text masks the reporter's
# own name and contacts wherever they appear).
FIELDS = (
    "id",
    "classification",
    "region",
    "category",
    "institution",
    "unit",
    "title",
    "body",
    "public_title",
    "public_body",
    "reporter",
    "verified_at",
    "confidential",
    "status",
    "submitted_at",
)


def time_terms(at: datetime) -> str:
    """The day, month and year (UTC) of a submission as index terms; `query` asks for the same forms."""
    day = at.astimezone(UTC)
    return f"~d{day:%Y%m%d} ~m{day:%Y%m} ~y{day:%Y}"


def facets(report: Report) -> str:
    """The report's filter values as index terms; `query.facet_groups` asks for the same forms."""
    found = [f"~s{report.status}", f"~k{report.classification}"]
    if report.region_id:
        found.append(f"~p{report.region_id[:2]}")
        if len(report.region_id) >= 5:
            found.append(f"~r{report.region_id[:5].replace('.', '')}")
    if report.category_id:
        found.append(f"~c{report.category_id}")
    found += [f"~h{pk}" for pk in dict.fromkeys((report.institution_id, report.unit_id)) if pk]
    return " ".join(found)


def terms_of(report: Report) -> tuple[str, str]:
    title, body = public_text(report)
    return text.index_text(title), text.index_text(body)


def sync(reports: Sequence[Report]) -> tuple[int, int]:
    """Bring the index in line with these reports (as written): public ones stored with their current
    terms (only rows whose terms changed are written), the others removed. Returns (written, removed)."""
    latest = {report.pk: report for report in reports if report.pk is not None}
    public = [report for report in latest.values() if is_public(report)]
    gone = [pk for pk, report in latest.items() if not is_public(report)]
    removed = SearchDocument.objects.filter(report_id__in=gone).delete()[0] if gone else 0
    return store(public), removed


def store(reports: Iterable[Report], *, known: dict[int, tuple[str, str, str]] | None = None) -> int:
    """Write the documents of public reports whose terms (text or filter values) differ from what is stored."""
    reports = list(reports)
    wanted = {report.pk: (*terms_of(report), facets(report)) for report in reports}
    submitted = {report.pk: report.submitted_at for report in reports}
    if not wanted:
        return 0
    if known is None:
        known = {
            pk: (title, body, facet)
            for pk, title, body, facet in SearchDocument.objects.filter(report_id__in=list(wanted)).values_list(
                "report_id", "title_terms", "body_terms", "facet_terms"
            )
        }
    changed = [
        SearchDocument(
            report_id=pk,
            title_terms=title,
            body_terms=body,
            facet_terms=facet,
            submitted_at=submitted[pk],
            time_terms=time_terms(submitted[pk]),
        )
        for pk, (title, body, facet) in wanted.items()
        if known.get(pk) != (title, body, facet)
    ]
    if changed:
        SearchDocument.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["report"],
            update_fields=["title_terms", "body_terms", "facet_terms", "submitted_at", "time_terms", "indexed_at"],
        )
    return len(changed)


def indexable() -> QuerySet[Report]:
    """Every report that belongs in the index, with what indexing reads."""
    return public_reports().select_related("reporter").only(*FIELDS, "reporter__id", "reporter__sealed")


def remove_stale() -> int:
    """Remove documents of reports that are no longer public: `report_id IN (non-public reports)`, a hash
    semi-join (a `NOT IN (public reports)` would be re-scanned per row once the ids outgrow work_mem)."""
    return SearchDocument.objects.filter(report__in=Report.objects.exclude(PUBLIC).values("pk")).delete()[0]
