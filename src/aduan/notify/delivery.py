"""The delivery worker's core: claim owed notifications, send them, record what happened (DESIGN §5).

A claim moves rows to `sending` and pushes `next_attempt_at` one lease ahead, in one short transaction
with `SKIP LOCKED` where the database has it (PostgreSQL); SQLite's IMMEDIATE transactions serialise
claims instead. A worker killed mid-delivery leaves its rows in `sending` until the lease ends, and then
any worker claims them again: nothing is lost. Results are written with a compare-and-swap on the
attempt number, so a late worker can't overwrite a newer claim.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from aduan.notify import recipients
from aduan.notify.messages import compose
from aduan.notify.models import Notification
from aduan.notify.senders import Outgoing, PermanentFailure, TemporaryFailure, sender_for
from aduan.reports.models import ReportEvent

logger = logging.getLogger("aduan.delivery")
State = Notification.State

BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(hours=1), timedelta(hours=6))
MAX_ATTEMPTS = len(BACKOFF) + 1


def claim(limit: int = 50, at: datetime | None = None) -> list[int]:
    at = at or timezone.now()
    with transaction.atomic():
        due = Notification.objects.filter(state__in=(State.QUEUED, State.SENDING), next_attempt_at__lte=at)
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
        if ids:
            Notification.objects.filter(pk__in=ids).update(
                state=State.SENDING,
                next_attempt_at=at + timedelta(seconds=settings.ADUAN_DELIVERY_LEASE),
                attempts=F("attempts") + 1,
            )
    return ids


def deliver_due(limit: int = 50, at: datetime | None = None) -> Counter[str]:
    """One pass: claim up to `limit` due notifications and deliver them. Returns counts by outcome."""
    outcomes: Counter[str] = Counter()
    ids = claim(limit, at)
    if not ids:
        return outcomes
    rows = Notification.objects.filter(pk__in=ids).select_related(
        "report", "report__reporter", "report__institution", "report__unit"
    )
    events = _events(rows)
    for notification in rows:
        outcomes[deliver(notification, events.get((notification.report_id, notification.event_seq)))] += 1
    return outcomes


def _events(rows) -> dict[tuple[int, int], ReportEvent]:
    keys = {(n.report_id, n.event_seq) for n in rows}
    found = ReportEvent.objects.filter(report_id__in={k[0] for k in keys}, seq__in={k[1] for k in keys})
    return {(e.report_id, e.seq): e for e in found if (e.report_id, e.seq) in keys}


def deliver(notification: Notification, event: ReportEvent | None) -> str:
    report = notification.report
    to = recipients.recipients(notification, report)
    if not to:
        return _finish(notification, state=State.SKIPPED, error="no recipient")
    sender = sender_for(notification.channel)
    if sender is None:
        return _retry_or_fail(notification, f"no sender for channel {notification.channel}")
    subject, text = compose(notification, report, event)
    try:
        provider_id = sender(Outgoing(notification=notification, to=to, subject=subject, text=text))
    except PermanentFailure as exc:
        return _finish(notification, state=State.FAILED, error=str(exc) or exc.__class__.__name__)
    except TemporaryFailure as exc:
        return _retry_or_fail(notification, str(exc) or exc.__class__.__name__)
    except Exception as exc:  # a sender's bug must not stop the worker; the row is retried and the error kept
        logger.exception("sender %s failed", notification.channel)
        return _retry_or_fail(notification, f"{exc.__class__.__name__}: {exc}")
    return _finish(notification, state=State.SENT, provider_id=provider_id or "", sent_at=timezone.now())


def _retry_or_fail(notification: Notification, error: str) -> str:
    if notification.attempts >= MAX_ATTEMPTS:
        return _finish(notification, state=State.FAILED, error=error)
    wait = BACKOFF[min(notification.attempts, len(BACKOFF)) - 1]
    return _finish(notification, state=State.QUEUED, error=error, next_attempt_at=timezone.now() + wait)


def _finish(notification: Notification, *, state: str, error: str = "", **fields) -> str:
    # attempts was incremented in the database by the claim; the loaded row already shows it.
    mine = Notification.objects.filter(pk=notification.pk, attempts=notification.attempts)
    if mine.filter(state=State.SENDING).update(state=state, last_error=error[:2000], **fields):
        return state
    if state == State.SENT and mine.filter(state=State.DELIVERED).update(last_error="", **fields):
        # The gateway's delivery receipt came back before the send call returned (an instant SMSC).
        return state
    return "lost_claim"


def receipt(channel: str, provider_id: str, *, delivered: bool, error: str = "", at: datetime | None = None) -> int:
    """A gateway's delivery receipt (Kannel DLR, WhatsApp status, …). Returns how many rows it matched."""
    if not provider_id:
        return 0
    rows = Notification.objects.filter(channel=channel, provider_id=provider_id)
    if delivered:
        return rows.exclude(state=State.DELIVERED).update(state=State.DELIVERED, delivered_at=at or timezone.now())
    return rows.exclude(state=State.DELIVERED).update(state=State.FAILED, last_error=error[:2000] or "rejected")
