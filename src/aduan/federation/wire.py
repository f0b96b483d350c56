"""What crosses the border, as JSON (docs/federation.md, "Messages").

Built when the outbox row is written (the text as it was then); attachments are listed by id and read,
base64-encoded, when the row is sent — always their shared copy (photos without EXIF). The reporter's
identity is never part of a message: the handler gets a pseudonym, and the origin relays.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from django.conf import settings

from aduan.federation import identity
from aduan.reports import visibility
from aduan.reports.models import ActorKind, Attachment, Report, ReportEvent

PROTOCOL = 1


def forward_payload(report: Report, target: Any, message: str, at: datetime) -> dict[str, Any]:
    title, body = visibility.public_text(report)
    return {
        "protocol": PROTOCOL,
        "global_id": str(report.global_id),
        "seq": 1,
        "origin": {"instance": identity.name(), "code": report.code},
        "institution": target.code,
        "message": message,
        "forwarded_at": at.isoformat(),
        "report": {
            "classification": report.classification,
            "lapor_classification": report.lapor_classification,
            "title": title[:200],
            "body": body,
            "category": report.category.code if report.category_id else "",
            "incident_date": report.incident_date.isoformat() if report.incident_date else "",
            "region": report.region_id or "",
            "latitude": str(report.latitude) if report.latitude is not None else None,
            "longitude": str(report.longitude) if report.longitude is not None else None,
            "address": report.address,
            "anonymous": report.anonymous,
            "confidential": report.confidential,
            "submitted_at": report.submitted_at.isoformat(),
            "channel": report.channel,
            "reporter": {"pseudonym": visibility.pseudonym(report)},
        },
        "attachments": list(Attachment.objects.filter(report=report).order_by("pk").values_list("pk", flat=True)),
    }


def event_payload(report: Report, event: ReportEvent, seq: int, actor_label: str) -> dict[str, Any]:
    """One step on a shared report, for the peer on the other side of the link."""
    data: dict[str, Any] = {}
    kind = event.kind
    if kind == "peer_event":  # a step mirrored from yet another peer travels under its own kind
        kind = str(event.data.get("peer_kind") or kind)
    if kind == "verified":
        data["public_title"], data["public_body"] = visibility.public_text(report)
    if event.status_after == "completed":
        data["closed_how"] = report.closed_how
    if event.status_after == "archived":
        data["archive_reason"] = report.archive_reason
    if kind == "rated":
        data["score"] = event.data.get("score")
    return {
        "protocol": PROTOCOL,
        "global_id": str(report.global_id),
        "seq": seq,
        "kind": kind,
        "status": event.status_after,
        "audience": event.audience,
        "text": event.public_text,
        "actor": actor_label,
        "at": event.created_at.isoformat(),
        "data": data,
        "attachments": list(
            Attachment.objects.filter(report=report, event_seq=event.seq).order_by("pk").values_list("pk", flat=True)
        ),
    }


def actor_label(event: ReportEvent, institution_names: dict[int, str]) -> str:
    """Who acted, as the other side may show it: an institution, never a staff member's name."""
    if event.actor_kind == ActorKind.PEER:
        return event.actor_label
    if event.actor_kind == ActorKind.REPORTER:
        return "pelapor"
    if event.actor_institution_id and event.actor_institution_id in institution_names:
        return institution_names[event.actor_institution_id]
    return settings.INSTANCE_NAME


def with_files(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload as sent: attachment ids replaced by the files themselves."""
    ids = [i for i in payload.get("attachments", []) if isinstance(i, int)]
    result = dict(payload)
    result["attachments"] = [encode(a) for a in Attachment.objects.filter(pk__in=ids).order_by("pk")]
    return result


def encode(attachment: Attachment) -> dict[str, Any]:
    shared = attachment.shared_file
    with shared.open("rb") as handle:
        data = handle.read()
    return {
        "name": attachment.original_name,
        "content_type": attachment.content_type,
        "data": base64.b64encode(data).decode(),
    }


def decode(items: Any) -> list[tuple[str, bytes]]:
    """Attachments from a message, for `attachments.check_all` (which sniffs and limits them again)."""
    found = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        try:
            data = base64.b64decode(str(item.get("data", "")), validate=True)
        except ValueError:
            continue
        found.append((str(item.get("name") or "lampiran")[:200], data))
    return found
