"""Sending the federation outbox: in order per link, at least once, retried until the peer has it.

A claim takes only the head of each link (the lowest unsent seq), marks it `sending` and moves its
`next_attempt_at` one lease ahead, in one short transaction (SKIP LOCKED on PostgreSQL, IMMEDIATE on
SQLite); a worker killed mid-send leaves the row to be claimed again after the lease. The receiver applies
each seq once and in order (a repeat is acknowledged as a duplicate, a gap answered 409), so a message
sent twice changes nothing. Temporary failures (unreachable, 5xx, 401 while keys or clocks are fixed, 409)
back off 5 s, 30 s, 2 min, 10 min, then hourly, for ever; a refusal that needs an operator (another 4xx)
marks the row `failed`, which holds the link until `aduan federation retry`.
"""

from __future__ import annotations

import logging
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from aduan.federation import client, wire
from aduan.federation.models import PeerDelivery, PeerLink

logger = logging.getLogger("aduan.federation")
State = PeerDelivery.State

BACKOFF = (timedelta(seconds=5), timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10))
LONGEST = timedelta(hours=1)
ROUNDS = 50


def backoff(attempts: int) -> timedelta:
    return BACKOFF[attempts - 1] if 0 < attempts <= len(BACKOFF) else LONGEST


def claim(
    limit: int = 50, at: datetime | None = None, *, ignore_backoff: bool = False, skip_links: set[int] | None = None
) -> list[int]:
    at = at or timezone.now()
    earlier = PeerDelivery.objects.filter(link=OuterRef("link"), seq__lt=OuterRef("seq")).exclude(state=State.SENT)
    with transaction.atomic():
        due = PeerDelivery.objects.filter(peer__active=True).filter(~Exists(earlier))
        if skip_links:
            due = due.exclude(link_id__in=skip_links)
        if ignore_backoff:
            # Queued rows now, whatever their backoff; rows being sent still wait for their lease.
            due = due.filter(state=State.QUEUED) | due.filter(state=State.SENDING, next_attempt_at__lte=at)
        else:
            due = due.filter(state__in=(State.QUEUED, State.SENDING), next_attempt_at__lte=at)
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("self",))
        ids = list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
        if ids:
            PeerDelivery.objects.filter(pk__in=ids).update(
                state=State.SENDING,
                next_attempt_at=at + timedelta(seconds=settings.ADUAN_DELIVERY_LEASE),
                attempts=F("attempts") + 1,
            )
    return ids


def deliver_due(limit: int = 50, at: datetime | None = None, *, ignore_backoff: bool = False) -> Counter[str]:
    """Claim and send until nothing is due (each round sends the next message of every link)."""
    outcomes: Counter[str] = Counter()
    blocked: set[int] = set()
    for _ in range(ROUNDS):
        # A link whose message just failed is not claimed again in this pass (its next try waits its backoff).
        ids = claim(limit, at, ignore_backoff=ignore_backoff, skip_links=blocked)
        rows = list(PeerDelivery.objects.filter(pk__in=ids).select_related("peer", "link").order_by("link_id", "seq"))
        if not rows:
            break
        # One message per link per round (only heads are claimed), so the round's messages are independent:
        # they go out side by side, each link still in order.
        for row, outcome in zip(rows, _send_all(rows), strict=True):
            outcomes[outcome] += 1
            if outcome != "sent":
                blocked.add(row.link_id)
    return outcomes


def _send_all(rows: list[PeerDelivery]) -> list[str]:
    workers = min(settings.ADUAN_FEDERATION_CONCURRENCY, len(rows))
    if workers <= 1:
        return [send(row) for row in rows]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_send_in_thread, rows))


def _send_in_thread(row: PeerDelivery) -> str:
    try:
        return send(row)
    finally:
        connections.close_all()  # this thread's own connection


def send(row: PeerDelivery) -> str:
    peer = row.peer
    payload = wire.with_files(row.payload)
    if row.kind == PeerDelivery.Kind.REPORT:
        path = "/federation/v1/reports"
    else:
        path = f"/federation/v1/reports/{row.payload['global_id']}/events"
    try:
        reply = client.request(peer, "POST", path, payload)
    except client.PeerError as exc:
        if exc.temporary:
            _finish(row, State.QUEUED, str(exc), next_at=timezone.now() + backoff(row.attempts))
            logger.info("federation: %s #%s.%s to retry: %s", peer.name, row.link_id, row.seq, exc)
            return "retry"
        _finish(row, State.FAILED, str(exc))
        logger.warning("federation: %s #%s.%s failed: %s", peer.name, row.link_id, row.seq, exc)
        return "failed"
    except Exception as exc:  # a bug or a missing file: keep the row, retry later, say why
        logger.exception("federation: %s #%s.%s could not be sent", peer.name, row.link_id, row.seq)
        _finish(row, State.QUEUED, f"{type(exc).__name__}: {exc}", next_at=timezone.now() + backoff(row.attempts))
        return "retry"
    note = ""
    if reply.data.get("applied") is False and not reply.data.get("duplicate"):
        note = f"not applied by the peer: {reply.data.get('error', '')} {reply.data.get('detail', '')}".strip()
    if row.kind == PeerDelivery.Kind.REPORT and reply.data.get("code"):
        PeerLink.objects.filter(pk=row.link_id).update(remote_code=str(reply.data["code"])[:9])
    _finish(row, State.SENT, note)
    return "sent"


def _finish(row: PeerDelivery, state: str, error: str, *, next_at: datetime | None = None) -> None:
    """Record the outcome unless another worker has claimed the row since (compare-and-swap on attempts)."""
    fields = {"state": state, "last_error": error[:2000]}
    if state == State.SENT:
        fields["sent_at"] = timezone.now()
    if next_at is not None:
        fields["next_attempt_at"] = next_at
    PeerDelivery.objects.filter(pk=row.pk, attempts=row.attempts).update(**fields)
