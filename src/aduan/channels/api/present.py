"""Reports as the API shows them, decided by `reports.visibility`: the public view, the reporter's view
and the staff view. Nothing here widens what visibility allows; it only chooses which of its answers
applies to the caller and writes it as JSON-ready dicts."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext as _

from aduan.channels.api.auth import ApiError, Caller
from aduan.citizen import history
from aduan.core import trackcode
from aduan.public.labels import event_label, status_label
from aduan.public.views.attachments import public_name
from aduan.reports import lifecycle, visibility
from aduan.reports.actors import Actor
from aduan.reports.models import ActorKind, Report

PUBLIC, REPORTER, STAFF = "public", "reporter", "staff"
DETAIL_RELATED = (
    "institution",
    "unit",
    "intake_institution",
    "reporter",
    "category",
    "region",
)
ROW_RELATED = ("institution", "unit", "intake_institution", "reporter", "category")
MAX_ACCESS_TOKEN = 200


def api_url(code: str) -> str:
    return f"{settings.BASE_URL}/api/v1/reports/{code}"


def track_url(code: str, token: str | None = None) -> str:
    return f"{settings.BASE_URL}/lacak/{code}/" + (f"?{urlencode({'t': token})}" if token else "")


def access_token(request: Any) -> str:
    """The reporter's secret, from `X-Access-Token` or `?access_token=`."""
    value = request.headers.get("X-Access-Token") or request.GET.get("access_token") or ""
    return value.strip()[:MAX_ACCESS_TOKEN]


@dataclass(frozen=True)
class Seen:
    """One report and how this caller sees it; `actor` acts for them on it."""

    report: Report
    view: str
    actor: Actor
    viewer: visibility.Viewer


def not_found(code: str) -> ApiError:
    return ApiError(404, "not_found", _("Laporan dengan kode %(code)s tidak ditemukan.") % {"code": code[:20]})


def find(request: Any, caller: Caller, code: str) -> Seen:
    """The report with this code as this caller may see it; 404 when they may not see it at all (a
    confidential or unverified report is not confirmed to exist to the public)."""
    canonical = trackcode.normalize(code or "")
    report = Report.objects.select_related(*DETAIL_RELATED).filter(code=canonical).first() if canonical else None
    if report is None:
        raise not_found(code)
    viewer = visibility.Viewer(caller.user if caller.is_user else None)
    token = access_token(request)
    if token:
        if report.access_token_hash and hmac.compare_digest(visibility.hash_token(token), report.access_token_hash):
            return Seen(report, REPORTER, Actor.reporter_with_token(token), viewer)
        raise ApiError(403, "invalid_access_token", _("Token akses tidak cocok dengan laporan ini."))
    actor = caller.actor()
    if viewer.user is not None:
        if viewer.is_reporter(report):
            return Seen(report, REPORTER, actor, viewer)
        if viewer.reads_as_staff(report):
            return Seen(report, STAFF, actor, viewer)
    if visibility.is_public(report):
        return Seen(report, PUBLIC, actor, viewer)
    raise not_found(code)


def _ref(obj: Any) -> dict[str, str] | None:
    return {"code": obj.code, "name": obj.name} if obj is not None else None


def _float(value: Any) -> float | None:
    return float(value) if value is not None else None


def detail(seen: Seen) -> dict[str, Any]:
    report, view, viewer = seen.report, seen.view, seen.viewer
    if view == PUBLIC:
        title, body = visibility.public_text(report)
    elif view == STAFF:
        title, body = visibility.handler_text(viewer, report)
    else:
        title, body = report.title, report.body
    data: dict[str, Any] = {
        "code": report.code,
        "view": view,
        "classification": report.classification,
        "title": title,
        "body": body,
        "category": _ref(report.category),
        "incident_date": report.incident_date,
        "region": _ref(report.region),
        "status": report.status,
        "status_label": status_label(report.status, verified=report.verified_at is not None),
        "closed_how": report.closed_how or None,
        "institution": _ref(report.institution),
        "unit": _ref(report.unit),
        "submitted_at": report.submitted_at,
        "verified_at": report.verified_at,
        "responded_at": report.responded_at,
        "closed_at": report.closed_at,
        "rating": report.rating,
        "support_count": report.support_count,
        "available_actions": lifecycle.available_actions(seen.actor, report) if view != PUBLIC else [],
        "url": api_url(report.code),
    }
    if view != PUBLIC:
        data.update(
            latitude=_float(report.latitude),
            longitude=_float(report.longitude),
            address=report.address,
            anonymous=report.anonymous,
            confidential=report.confidential,
            due_at=report.due_at,
            due_kind=report.due_kind or None,
        )
    if view == STAFF:
        data["reporter"] = visibility.reporter_label(viewer, report)
        identity = visibility.reporter_identity(viewer, report)
    elif view == REPORTER:
        identity = report.reporter.reveal() if report.reporter is not None else None
    else:
        identity = None
    if identity is not None:
        data["reporter_identity"] = {key: identity.get(key, "") for key in ("name", "phone", "email", "nik")}
    data["timeline"] = reporter_timeline(report) if view == REPORTER else timeline(viewer, report)
    data["attachments"] = attachments(seen)
    return data


def timeline(viewer: visibility.Viewer, report: Report) -> list[dict[str, Any]]:
    """`visibility.event_views`: the public's or the staff's history, every text already screened."""
    staff = viewer.user is not None and viewer.reads_as_staff(report)
    return [
        {
            "kind": item.kind,
            "label": event_label(item.kind),
            "created_at": item.created_at,
            "actor": "" if item.kind == "supported" else item.actor,
            "text": item.text,
            "note": item.note if staff else None,
            "score": item.data.get("score") if staff and item.kind == "rated" else None,
        }
        for item in visibility.event_views(viewer, report)
    ]


def reporter_timeline(report: Report) -> list[dict[str, Any]]:
    """What the reporter reads (`visibility.reporter_events`: all but internal notes), named as the
    tracking page names it: the reporter's own lines are “Anda”, staff by institution."""
    items = []
    for event in visibility.reporter_events(report).select_related("actor_institution"):
        if event.kind == "supported":
            actor = ""
        elif event.actor_kind == ActorKind.REPORTER:
            actor = _("Anda")
        elif event.actor_kind == ActorKind.SYSTEM:
            actor = _("Sistem")
        elif event.actor_kind in (ActorKind.CHANNEL, ActorKind.PEER):
            actor = event.actor_label
        elif event.actor_institution is not None:
            actor = event.actor_institution.name
        else:
            actor = _("Petugas")
        items.append(
            {
                "kind": event.kind,
                "label": history.event_label(event.kind),
                "created_at": event.created_at,
                "actor": actor,
                "text": event.public_text,
                "note": None,
                "score": event.data.get("score") if event.kind == "rated" else None,
            }
        )
    return items


def attachments(seen: Seen) -> list[dict[str, Any]]:
    base = f"{settings.BASE_URL}/lampiran/"
    report = seen.report
    if seen.view == PUBLIC:
        return [
            {"name": public_name(a), "content_type": a.content_type, "size": a.size, "url": f"{base}{a.pk}/"}
            for a in visibility.public_attachments(report)
        ]
    token = seen.actor.access_token
    suffix = f"?{urlencode({'t': token})}" if token else ""
    return [
        {"name": a.original_name, "content_type": a.content_type, "size": a.size, "url": f"{base}{a.pk}/{suffix}"}
        for a in report.attachments.order_by("pk")
    ]


def rows(reports: list[Report], viewer: visibility.Viewer, *, staff: bool) -> list[dict[str, Any]]:
    """List rows: the public text for the public; for staff the handler's text (an anonymous reporter's
    own details masked), or the original for the reporter's own reports. No query per row."""
    result = []
    for report in reports:
        if viewer.user is not None and report.reporter_user_id == viewer.user.pk:
            title = report.title
        elif staff:
            title = visibility.handler_text(viewer, report)[0]
        else:
            title = visibility.public_text(report)[0]
        result.append(
            {
                "code": report.code,
                "classification": report.classification,
                "title": title,
                "category": report.category.code if report.category_id else None,
                "region": report.region_id,
                "status": report.status,
                "status_label": status_label(report.status, verified=report.verified_at is not None),
                "institution": _ref(report.institution),
                "unit": _ref(report.unit),
                "submitted_at": report.submitted_at,
                "support_count": report.support_count,
                "url": api_url(report.code),
            }
        )
    return result
