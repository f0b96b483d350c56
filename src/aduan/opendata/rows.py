"""The rows of each dataset, as tuples of plain values in the order of `schema`, read with a bounded
number of queries whatever the size: the reference tables (categories, institutions, provinces and
regencies) once, then the reports through one server-side cursor, `CHUNK` rows at a time.

Everything comes from `visibility.public_reports()`, and the text from `visibility.public_text`: the
approved public text, with the reporter's own name and contacts masked wherever they still appear (the
identity row is joined into the same query, so masking costs no query per row). No identity is ever put
in a row."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import translation

from aduan.core.calendar import get_calendar, local_date
from aduan.institutions.models import Institution, Region
from aduan.opendata.filters import ExportQuery
from aduan.public.figures import IN_PROGRESS
from aduan.public.labels import status_label
from aduan.reports.models import Category, Classification, ClosedHow, Report, Status
from aduan.reports.visibility import public_reports, public_text

CHUNK = 2000
# The report fields a row reads; everything else stays in the database.
FIELDS = (
    "id",
    "code",
    "global_id",
    "classification",
    "category_id",
    "region_id",
    "region__name",
    "institution_id",
    "unit_id",
    "status",
    "submitted_at",
    "verified_at",
    "dispositioned_at",
    "first_response_at",
    "closed_at",
    "closed_how",
    "transfer_count",
    "support_count",
    "title",
    "body",
    "public_title",
    "public_body",
    "reporter__sealed",
)


def reports(query: ExportQuery) -> Iterator[tuple[Any, ...]]:
    """Every public report the query selects, oldest first, as a row of `schema.REPORT_COLUMNS`.

    On PostgreSQL the cursor lives in a read-only transaction of its own, so it is a plain server-side
    cursor that streams (outside a transaction Django declares it WITH HOLD, which makes the server
    materialise the whole result before the first row)."""
    selected = (
        query.apply(public_reports()).select_related("reporter", "region").only(*FIELDS).order_by("submitted_at", "id")
    )
    fresh = not connection.in_atomic_block
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        if fresh and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION READ ONLY")
        names = _ReferenceNames()
        for report in selected.iterator(chunk_size=CHUNK):
            yield names.row(report)


class _ReferenceNames:
    """Codes and names of categories, institutions, provinces and regencies: a few thousand rows, one
    query each, instead of a join per row. Labels are resolved once per value."""

    def __init__(self) -> None:
        self.categories = {pk: (code, name) for pk, code, name in Category.objects.values_list("id", "code", "name")}
        self.institutions = {
            pk: (code, name) for pk, code, name in Institution.objects.values_list("id", "code", "name")
        }
        self.regions = dict(
            Region.objects.filter(level__lte=Region.Level.REGENCY).values_list("code", "name").order_by()
        )
        self.classifications = {value: str(label) for value, label in Classification.choices}
        self.closed_how = {value: str(label) for value, label in ClosedHow.choices}
        self.statuses = {value: status_label(value, verified=True) for value in Status.values}
        self.calendar = get_calendar()
        self.base = settings.BASE_URL

    def row(self, report: Report) -> tuple[Any, ...]:
        category = self.categories.get(report.category_id, (None, None))
        institution = self.institutions.get(report.institution_id, (None, None))
        unit = self.institutions.get(report.unit_id, (None, None))
        region = report.region_id
        province = region[:2] if region else None
        regency = region[:5] if region and len(region) >= 5 else None
        title, body = public_text(report)
        return (
            report.code,
            str(report.global_id),
            report.classification,
            self.classifications.get(report.classification, report.classification),
            *category,
            region,
            report.region.name if region else None,
            province,
            self.regions.get(province) if province else None,
            regency,
            self.regions.get(regency) if regency else None,
            *institution,
            *unit,
            report.status,
            self.statuses.get(report.status, report.status),
            report.submitted_at,
            report.verified_at,
            report.dispositioned_at,
            report.first_response_at,
            report.closed_at,
            report.closed_how or None,
            self.closed_how.get(report.closed_how) if report.closed_how else None,
            self._days(report.submitted_at, report.verified_at),
            self._days(report.dispositioned_at, report.first_response_at),
            report.transfer_count,
            report.support_count,
            title,
            body,
            f"{self.base}/laporan/{report.code}/",
        )

    def _days(self, start: datetime | None, end: datetime | None) -> int | None:
        if start is None or end is None or end < start:
            return None
        return self.calendar.working_days_between(local_date(start), local_date(end))


def institutions(query: ExportQuery) -> Iterator[tuple[Any, ...]]:
    """One row per institution holding public reports the query selects (a unit's reports count for the
    institution that owns it), busiest first: one aggregate query, then the institutions named in it."""
    totals = list(
        query.apply(public_reports())
        .filter(institution__isnull=False)
        .values_list("institution__owner_id")
        .annotate(
            reports=Count("pk"),
            in_progress=Count("pk", filter=Q(status__in=IN_PROGRESS)),
            responded=Count("pk", filter=Q(first_response_at__isnull=False)),
            completed=Count("pk", filter=Q(status=Status.COMPLETED)),
            confirmed=Count("pk", filter=Q(status=Status.COMPLETED, closed_how=ClosedHow.CONFIRMED)),
            silence=Count("pk", filter=Q(status=Status.COMPLETED, closed_how=ClosedHow.SILENCE)),
            transfers=Sum("transfer_count"),
            supports=Sum("support_count"),
        )
        .order_by("-reports", "institution__owner_id")
    )
    found = Institution.objects.only("id", "code", "name", "kind", "region_id", "slug").in_bulk(
        [row[0] for row in totals if row[0] is not None]
    )
    base = settings.BASE_URL
    for owner, *counts in totals:
        institution = found.get(owner)
        if institution is None:
            continue
        yield (
            institution.code,
            institution.name,
            institution.kind,
            institution.region_id,
            *[count or 0 for count in counts],
            f"{base}/instansi/{institution.slug}/",
        )
