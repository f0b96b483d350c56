"""Appending to a report's history: build the event, chain its hash, advance the report's head."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aduan.core import hashchain
from aduan.reports.actors import Actor
from aduan.reports.models import Report, ReportEvent


def chained_fields(report_global_id: str, event: ReportEvent) -> dict[str, Any]:
    """Everything an event's hash covers. Stable names: exports and outside verifiers rely on them."""
    return {
        "report": report_global_id,
        "seq": event.seq,
        "kind": event.kind,
        "audience": event.audience,
        "actor_kind": event.actor_kind,
        "actor_user": event.actor_user_id,
        "actor_institution": event.actor_institution_id,
        "actor_label": event.actor_label,
        "created_at": hashchain.timestamp(event.created_at),
        "status_before": event.status_before,
        "status_after": event.status_after,
        "public_text": event.public_text,
        "internal_note": event.internal_note,
        "data": event.data,
    }


def expected_hash(report_global_id: str, event: ReportEvent) -> str:
    return hashchain.link(event.prev_hash, chained_fields(report_global_id, event))


def new_event(
    report: Report,
    *,
    kind: str,
    actor: Actor,
    at: datetime,
    status_after: str,
    audience: str,
    public_text: str = "",
    internal_note: str = "",
    data: dict[str, Any] | None = None,
    status_before: str | None = None,
) -> ReportEvent:
    """An unsaved event chained onto the report's head; the report's head moves to it (also unsaved)."""
    event = ReportEvent(
        report=report,
        seq=report.event_count + 1,
        kind=kind,
        audience=audience,
        actor_kind=actor.kind,
        actor_user_id=actor.user.pk if actor.user is not None else None,
        actor_institution_id=actor.institution.pk if actor.institution is not None else None,
        actor_label=actor.label[:120],
        created_at=at,
        status_before=report.status if status_before is None else status_before,
        status_after=status_after,
        public_text=public_text,
        internal_note=internal_note,
        data=data or {},
        prev_hash=report.last_hash or hashchain.GENESIS,
    )
    event.hash = expected_hash(str(report.global_id), event)
    report.event_count = event.seq
    report.last_hash = event.hash
    report.status = status_after
    return event
