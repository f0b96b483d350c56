"""Routing suggestions for the verifier (DESIGN §6): the system suggests, the verifier chooses.

Three sources, in this order, without duplicates:
1. the location: the regency/city government of the report's region (and its province when the
   category is handled by provinces);
2. the category: institutions of the kinds its `institution_kinds` names (ministries, agencies…),
   those that received this category most often first;
3. history: the institutions most often routed to for this category — those in the report's own
   regency first — from one aggregate query over assignments.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, IntegerField, Q, Value
from django.utils.translation import gettext as _

from aduan.institutions.models import Institution
from aduan.reports.models import Assignment, Report

Kind = Institution.Kind
REGIONAL_KINDS = {Kind.PROVINCE, Kind.REGENCY, Kind.CITY}
# A category names "regency" for the second tier of local government; cities are the same tier.
KIND_ALIASES = {"regency": {Kind.REGENCY, Kind.CITY}, "city": {Kind.REGENCY, Kind.CITY}}
PER_KIND = 3
FROM_HISTORY = 5
MAX_SUGGESTIONS = 8


@dataclass(frozen=True)
class Suggestion:
    institution: Institution
    reason: str


def category_kinds(report: Report) -> set[str]:
    category = report.category
    if category is None:
        return set()
    kinds: set[str] = set()
    for raw in category.institution_kinds.replace(",", "|").split("|"):
        name = raw.strip()
        if name:
            kinds |= KIND_ALIASES.get(name, {name})
    return kinds & set(Kind.values)


def _region_parts(report: Report) -> tuple[str | None, str | None]:
    """The province code and the regency/city code of the report's region."""
    if not report.region_id:
        return None, None
    parts = report.region_id.split(".")
    return parts[0], ".".join(parts[:2]) if len(parts) >= 2 else None


def suggest(report: Report) -> list[Suggestion]:
    found: dict[int, Suggestion] = {}
    # No ping-pong: an institution that already declined this report is not suggested again.
    declined = set(
        Assignment.objects.filter(report_id=report.pk, end_reason="not_authority").values_list(
            "institution_id", flat=True
        )
    )

    def add(institution: Institution, reason: str) -> None:
        if institution.pk in found or institution.pk in declined or institution.kind == Kind.OPERATOR:
            return
        found[institution.pk] = Suggestion(institution, reason)

    kinds = category_kinds(report)
    province, regency = _region_parts(report)

    # 1. The location.
    if regency or province:
        codes = [code for code in (regency, province) if code]
        local = {
            inst.region_id: inst
            for inst in Institution.objects.filter(region_id__in=codes, kind__in=REGIONAL_KINDS, active=True)
        }
        if regency and regency in local:
            add(local[regency], _("Pemerintah daerah lokasi kejadian"))
        if province and province in local and (Kind.PROVINCE in kinds or regency not in local):
            add(local[province], _("Pemerintah provinsi lokasi kejadian"))

    # 2. National institutions of the kinds the category names (the regional ones came from the location).
    national = kinds - REGIONAL_KINDS
    if national and report.category_id:
        same_category = Q(assignments__report__category_id=report.category_id)
        rows = (
            Institution.objects.filter(kind__in=national, active=True)
            .annotate(received=Count("assignments", filter=same_category))
            .filter(received__gt=0)
            .order_by("-received", "name")[:PER_KIND]
        )
        for inst in rows:
            add(inst, _("Sesuai kategori laporan"))

    # 3. History: where reports of this category went, those of this regency first (one aggregate query).
    if report.category_id:
        if regency:
            in_regency = Q(assignments__report__region_id=regency) | Q(
                assignments__report__region__code__startswith=f"{regency}."
            )
            local = Count("assignments", filter=in_regency, distinct=True)
        else:
            local = Value(0, output_field=IntegerField())
        history = (
            Institution.objects.filter(
                assignments__report__category_id=report.category_id,
                assignments__level=Assignment.Level.INSTITUTION,
                active=True,
            )
            .annotate(total=Count("assignments", distinct=True), local=local)
            .order_by("-local", "-total", "name")[:FROM_HISTORY]
        )
        for inst in history:
            add(
                inst,
                _("Sering menerima laporan kategori ini (%(n)d laporan)") % {"n": inst.total},
            )
    return list(found.values())[:MAX_SUGGESTIONS]


def search(q: str, limit: int = 20) -> list[Institution]:
    """Institutions whose name, short name or code contains `q` (the operator is never a destination)."""
    q = q.strip()
    if not q:
        return []
    query = Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__icontains=q)
    return list(
        Institution.objects.filter(query, active=True)
        .exclude(kind=Kind.OPERATOR)
        .select_related("parent")
        .order_by("kind", "name")[:limit]
    )
