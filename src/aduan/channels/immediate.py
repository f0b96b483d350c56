"""Sending a report's first answer at once, through the outbox, from a channel's request handler.

A chat channel (WhatsApp, X) answers a new report with its tracking code. That answer is the reporter's
`submitted` notification the lifecycle already wrote to the outbox: claiming that one row here (with the
same compare-and-swap the worker uses) and delivering it now means the reporter gets one message, at
once, tracked like every other (sent, delivered). If it fails, the row is left to the worker's retries.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from aduan.notify import delivery
from aduan.notify.models import Notification
from aduan.reports.models import Report, ReportEvent

logger = logging.getLogger("aduan.channels")


def deliver_now(report: Report, channel: str, kind: str = "submitted") -> str:
    """Deliver the reporter's queued `kind` notification on `channel`; returns the outcome ('' if none)."""
    row = (
        Notification.objects.filter(report=report, channel=channel, kind=kind, audience=Notification.Audience.REPORTER)
        .filter(state=Notification.State.QUEUED)
        .order_by("pk")
        .first()
    )
    if row is None:
        return ""
    lease = timedelta(seconds=getattr(settings, "ADUAN_DELIVERY_LEASE", 120))
    claimed = Notification.objects.filter(pk=row.pk, state=Notification.State.QUEUED, attempts=row.attempts).update(
        state=Notification.State.SENDING, next_attempt_at=timezone.now() + lease, attempts=F("attempts") + 1
    )
    if not claimed:
        return ""  # a worker took it first; it sends it
    notification = Notification.objects.select_related("report", "report__reporter").get(pk=row.pk)
    event = ReportEvent.objects.filter(report_id=report.pk, seq=notification.event_seq).first()
    try:
        return delivery.deliver(notification, event)
    except Exception:  # the row stays leased; the worker claims it again when the lease ends
        logger.exception("immediate delivery failed")
        return "error"
