"""Kannel's delivery reports (`dlr-url`), one call per state change of a sent SMS.

Kannel's `%d` values: 1 delivered to the phone, 2 not delivered to the phone, 4 queued at the SMSC,
8 accepted by the SMSC, 16 rejected by the SMSC. 1 marks the notification delivered, 2 and 16 failed;
4 and 8 are kept as the raw report only (the notification is already "sent").
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from aduan.channels import inbound
from aduan.channels.models import InboundMessage
from aduan.notify import delivery

CHANNEL = "sms-dlr"
DELIVERED, UNDELIVERED, QUEUED, ACCEPTED, REJECTED = 1, 2, 4, 8, 16
FIELDS = ("id", "status", "answer", "ts")
State = InboundMessage.State


def handle(params: Mapping[str, str]) -> str:
    """Record one delivery report; returns what it meant (kept as the stored message's result)."""
    raw = {key: params[key] for key in FIELDS if key in params}
    notification_id = (params.get("id") or "").strip()
    value = (params.get("status") or "").strip()
    key = "\x1f".join(params.get(k) or "" for k in FIELDS)
    external = f"{notification_id}:{value}:" + hashlib.sha256(key.encode()).hexdigest()[:16]
    received = inbound.store(CHANNEL, external, raw)
    if received.duplicate:
        return received.message.result or "duplicate"
    message = received.message
    try:
        status = int(value)
    except ValueError:
        inbound.finish(message, State.REJECTED, result="bad_status", error=f"status {value!r} is not a number")
        return "bad_status"
    if not notification_id.isdigit():
        inbound.finish(message, State.REJECTED, result="bad_id", error=f"id {notification_id!r} is not ours")
        return "bad_id"
    answer = (params.get("answer") or "").strip()
    if status & DELIVERED:
        matched = delivery.receipt("sms", notification_id, delivered=True)
        result = "delivered"
    elif status & (UNDELIVERED | REJECTED):
        error = f"Kannel DLR {status}" + (f": {answer}" if answer else "")
        matched = delivery.receipt("sms", notification_id, delivered=False, error=error)
        result = "failed"
    else:
        matched = None
        result = "queued" if status & QUEUED else "accepted" if status & ACCEPTED else f"status_{status}"
    if matched == 0:
        # An unknown id, or a notification already delivered (a late "queued" after "delivered"): kept, no change.
        inbound.finish(message, State.PROCESSED, result=f"{result}_unmatched")
        return f"{result}_unmatched"
    inbound.finish(message, State.PROCESSED, result=result)
    return result
