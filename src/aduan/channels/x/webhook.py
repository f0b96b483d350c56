"""X Account Activity webhooks: the CRC check (GET) and signed event deliveries (POST).

Both use one primitive: "sha256=" + base64(HMAC-SHA256(consumer secret, message)) — the message being
the `crc_token` for a CRC, the raw body for a delivery (header `x-twitter-webhooks-signature`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from typing import Any

from django.conf import settings

from aduan.channels import inbound
from aduan.channels.models import InboundMessage
from aduan.channels.x import tweets

logger = logging.getLogger("aduan.x")
CHANNEL = "x"


def _digest(message: bytes) -> str:
    secret = settings.ADUAN_X_CONSUMER_SECRET.encode()
    return "sha256=" + base64.b64encode(hmac.new(secret, message, hashlib.sha256).digest()).decode()


def crc_response(crc_token: str) -> str:
    return _digest(crc_token.encode())


def signature_ok(body: bytes, header: str) -> bool:
    if not settings.ADUAN_X_CONSUMER_SECRET or not header:
        return False
    return hmac.compare_digest(_digest(body).encode(), header.strip().encode())


def receive(body: bytes) -> dict[str, int]:
    """Handle one authentic delivery: `{"for_user_id", "tweet_create_events": [...]}` (other events ignored)."""
    counts: dict[str, int] = {}
    try:
        payload = json.loads(body)
        if not isinstance(payload, dict):
            raise TypeError("not an object")
        events = payload.get("tweet_create_events") or []
        if not isinstance(events, list):
            raise TypeError("tweet_create_events is not a list")
    except (ValueError, TypeError) as exc:
        _keep_malformed(body, f"malformed delivery: {exc}")
        return {"rejected": 1}
    account_id = settings.ADUAN_X_USER_ID or str(payload.get("for_user_id") or "")
    for event in events:
        outcome = _event(event, account_id)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def _event(event: Any, account_id: str) -> str:
    try:
        post = tweets.from_v1(event)
    except (KeyError, TypeError, AttributeError) as exc:
        _keep_malformed(json.dumps(event, default=str).encode(), f"malformed post: {exc!r}")
        return "rejected"
    return tweets.handle(post, {"event": event}, account_id)


def _keep_malformed(body: bytes, error: str) -> None:
    digest = hashlib.sha256(body).hexdigest()
    received = inbound.store(CHANNEL, f"malformed:{digest}", body)
    if not received.duplicate:
        inbound.finish(received.message, InboundMessage.State.REJECTED, result="malformed", error=error)
    logger.warning("x: %s", error)
