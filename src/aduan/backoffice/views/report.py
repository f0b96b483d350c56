"""`/kantor/laporan/<code>/`: one report as staff read it, with the forms for the actions they may take."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from aduan.backoffice import routing
from aduan.backoffice.access import staff_required, viewer_of
from aduan.backoffice.actionforms import offered_forms
from aduan.backoffice.deadlines import deadline_of
from aduan.backoffice.drafts import pop_draft
from aduan.backoffice.labels import AUDIENCES, DATA_KEYS, event_label
from aduan.backoffice.models import ResponseTemplate
from aduan.backoffice.queue import ROW_RELATIONS
from aduan.core import trackcode
from aduan.federation.models import Peer
from aduan.institutions.models import Institution
from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.models import ArchiveReason, Report
from aduan.reports.visibility import (
    Viewer,
    event_views,
    handler_text,
    message_states,
    public_text,
    reporter_identity,
    reporter_label,
    staff_reports,
)

MAX_SIMILAR = 5
REPORT_RELATIONS = (*ROW_RELATIONS, "suggested_institution", "merged_into", "institution__parent")


def staff_report(viewer: Viewer, code: str) -> Report:
    """The report with this code, if this person reads it as staff; 404 otherwise (existence not told)."""
    normal = trackcode.normalize(code)
    report = staff_reports(viewer).select_related(*REPORT_RELATIONS).filter(code=normal).first() if normal else None
    if report is None:
        raise Http404
    return report


def actor_of(request: HttpRequest) -> Actor:
    actor = Actor.for_user(request.user)
    actor.__dict__["viewer"] = viewer_of(request)  # reuse the roles already loaded for this request
    return actor


def district_of(report: Report) -> str | None:
    if not report.region_id:
        return None
    return ".".join(report.region_id.split(".")[:3])


def similar_reports(viewer: Viewer, report: Report) -> QuerySet[Report]:
    """Same category and district, newest first, among what this person may read."""
    district = district_of(report)
    if report.category_id is None or district is None:
        return Report.objects.none()
    return (
        staff_reports(viewer)
        .filter(Q(region_id=district) | Q(region__code__startswith=f"{district}."), category_id=report.category_id)
        .exclude(pk=report.pk)
        .select_related(*ROW_RELATIONS)
        .order_by("-submitted_at")[:MAX_SIMILAR]
    )


def response_templates(report: Report) -> QuerySet[ResponseTemplate]:
    """Templates of the holder (unit or institution) and of every institution above it."""
    holder = report.unit or report.institution
    if holder is None:
        return ResponseTemplate.objects.none()
    return ResponseTemplate.objects.filter(institution_id__in=holder.ancestor_ids()).select_related("institution")


def assignable_units(report: Report) -> QuerySet[Institution]:
    if report.institution is None:
        return Institution.objects.none()
    return (
        Institution.objects.filter(owner_id=report.institution.owner_id, kind=Institution.Kind.UNIT, active=True)
        .exclude(pk=report.unit_id or 0)
        .exclude(pk=report.institution_id)
        .order_by("name")
    )


@require_GET
@staff_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    viewer = viewer_of(request)
    report = staff_report(viewer, code)
    actions = lifecycle.available_actions(actor_of(request), report)
    forms = offered_forms(actions)
    names = {form.name for form in forms}
    title, body = handler_text(viewer, report)
    draft = pop_draft(request, report.code)
    messages = message_states(viewer, report)
    context: dict[str, Any] = {
        "report": report,
        "title": title,
        "body": body,
        "reporter": reporter_label(viewer, report),
        "identity": reporter_identity(viewer, report),
        "events": [
            {
                "view": event,
                "label": event_label(event.kind),
                "audience": AUDIENCES.get(event.audience, event.audience),
                "details": [(DATA_KEYS[k], v) for k, v in event.data.items() if k in DATA_KEYS and v],
                "messages": messages.get(event.seq, []),
            }
            for event in event_views(viewer, report)
        ],
        "attachments": list(report.attachments.order_by("pk")),
        "similar": [(other, handler_text(viewer, other)[0]) for other in similar_reports(viewer, report)],
        "deadline": deadline_of(report, timezone.now()),
        "forms": [
            {"form": form, "values": draft["values"] if draft.get("action") == form.name else {}} for form in forms
        ],
        "can_reveal": viewer.is_oversight and report.reporter_id is not None,
        "can_forward": "forward" in actions and Peer.objects.filter(active=True).exists(),
        "can_merge": "merge" in names,
    }
    if names & {"verify", "not_authority"}:
        context["suggestions"] = routing.suggest(report)
    if "verify" in names:
        context["public_title"], context["public_body"] = public_text(report)
    if "assign" in names:
        context["units"] = assignable_units(report)
    if "archive" in names:
        context["archive_reasons"] = [c for c in ArchiveReason.choices if c[0] != ArchiveReason.DUPLICATE]
    if "respond" in names:
        context["templates"] = response_templates(report)
    if "not_authority" in names:
        context["may_propose"] = viewer.administers(report)
    return render(request, "backoffice/report.html", context)
