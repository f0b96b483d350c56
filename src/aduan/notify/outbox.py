"""What each event owes to whom. Rows are built here and saved in the same transaction as the event."""

from __future__ import annotations

from datetime import datetime

from aduan.notify.models import Notification
from aduan.reports.models import Report, ReportEvent

Audience = Notification.Audience

# Channels that can carry a message back to a reporter who came through them.
REPLY_CHANNELS = {"sms", "whatsapp", "x", "email"}

# Public steps the reporter hears of (DESIGN §3, issue 4: verified, routed, responded, closed).
REPORTER_KINDS = {
    "submitted",
    "verified",
    "assigned",
    "info_requested",
    "archived",
    "merged",
    "not_authority",
    "responded",
    "closed_by_silence",
    "reopened",
    "escalated",
    "staff_message",
}
# Kinds that tell the institution now holding the report.
INSTITUTION_KINDS = {"verified", "assigned", "disputed", "reopened", "reporter_replied", "unit_declined"}


def reporter_channels(report: Report) -> list[str]:
    channels = []
    if report.channel in REPLY_CHANNELS:
        channels.append(report.channel)
    if report.reporter is not None and report.reporter.email_index and "email" not in channels:
        channels.append("email")
    return channels


def owed(report: Report, event: ReportEvent, at: datetime) -> list[Notification]:
    """The notifications an event owes, unsaved."""
    rows: list[Notification] = []

    def add(audience: str, channel: str, institution_id: int | None = None) -> None:
        rows.append(
            Notification(
                report=report,
                event_seq=event.seq,
                kind=event.kind,
                audience=audience,
                channel=channel,
                institution_id=institution_id,
                next_attempt_at=at,
                created_at=at,
            )
        )

    # Reporters are not told of their own messages, but are always sent the tracking code of a new report.
    if event.kind in REPORTER_KINDS and (event.actor_kind != "reporter" or event.kind == "submitted"):
        for channel in reporter_channels(report):
            add(Audience.REPORTER, channel)
    if event.kind in INSTITUTION_KINDS:
        holder = report.unit_id if event.kind == "assigned" else (report.unit_id or report.institution_id)
        if holder:
            add(Audience.INSTITUTION, "email", holder)
    # New reports wait in the verifier's queue; the verifier hears only of reports that come back to it.
    if event.kind in {"not_authority", "postpone_ended", "info_supplied"}:
        add(Audience.VERIFIER, "email", report.intake_institution_id)
    if event.kind == "overdue":
        rows.extend(_overdue(report, event, at))
    if event.kind == "escalated":
        add(Audience.OVERSIGHT, "email")
    return rows


def _overdue(report: Report, event: ReportEvent, at: datetime) -> list[Notification]:
    def row(audience: str, institution_id: int | None) -> Notification:
        return Notification(
            report=report,
            event_seq=event.seq,
            kind=event.kind,
            audience=audience,
            channel="email",
            institution_id=institution_id,
            next_attempt_at=at,
            created_at=at,
        )

    if event.data.get("clock") != "follow_up":
        return [row(Audience.VERIFIER, report.intake_institution_id)]
    # An overdue follow-up is flagged to the institution that holds it and to its parent (DESIGN §3).
    targets = [report.unit_id, report.institution_id, event.data.get("parent")]
    return [row(Audience.INSTITUTION, inst) for inst in dict.fromkeys(t for t in targets if t)]
