"""Rows of public report lists: what each row shows, built without a query per row."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from aduan.institutions.models import Institution, Region
from aduan.public.labels import status_badge, status_label
from aduan.reports.models import Report
from aduan.reports.visibility import public_text

# Everything a row reads from related tables; `reporter` because `public_text` masks the reporter's own
# name and contacts wherever they appear, which needs the (encrypted) identity row.
ROW_RELATED = ("institution", "unit", "region", "reporter")


def for_rows(reports: QuerySet[Report]) -> QuerySet[Report]:
    return reports.select_related(*ROW_RELATED)


@dataclass(frozen=True)
class ReportRow:
    code: str
    title: str
    status: str
    status_label: str
    badge: str
    institution: Institution | None
    unit: Institution | None
    place: str
    submitted_at: datetime
    responded_at: datetime | None
    support_count: int
    # Search results only (aduan.search.listing): the public title and a snippet of the public body with
    # the matched words marked, already escaped.
    title_html: str = ""
    snippet: str = ""

    @property
    def holder(self) -> str:
        """Who holds the report now, in words."""
        if self.unit is not None:
            return self.unit.name
        return self.institution.name if self.institution is not None else ""


def rows(reports: Iterable[Report]) -> list[ReportRow]:
    reports = list(reports)
    places = place_names([r.region for r in reports if r.region is not None])
    result = []
    for report in reports:
        title, _body = public_text(report)
        result.append(
            ReportRow(
                code=report.code,
                title=title,
                status=report.status,
                status_label=status_label(report.status, verified=report.verified_at is not None),
                badge=status_badge(report.status),
                institution=report.institution,
                unit=report.unit,
                place=places.get(report.region_id, "") if report.region_id else "",
                submitted_at=report.submitted_at,
                responded_at=report.responded_at,
                support_count=report.support_count,
            )
        )
    return result


def place_names(regions: Iterable[Region]) -> dict[str, str]:
    """“Village, Regency” for each region, with one query for all the regencies named."""
    regions = list(regions)
    regency_codes = {r.ancestor_codes()[1] for r in regions if r.level > Region.Level.REGENCY}
    regencies = dict(Region.objects.filter(code__in=regency_codes).values_list("code", "name")) if regency_codes else {}
    names = {}
    for region in regions:
        if region.level > Region.Level.REGENCY and region.ancestor_codes()[1] in regencies:
            names[region.code] = f"{region.name}, {regencies[region.ancestor_codes()[1]]}"
        else:
            names[region.code] = region.name
    return names
