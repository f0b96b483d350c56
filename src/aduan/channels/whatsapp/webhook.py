"""WhatsApp Cloud API webhooks: signature check, parsing, storing each message raw, and handing it on.

A notification is `{"object": "whatsapp_business_account", "entry": [{"id", "changes": [{"field":
"messages", "value": {"metadata": {"phone_number_id"}, "contacts": [...], "messages": [...],
"statuses": [...]}}]}]}`. Each message is stored (sealed) under its own id before it is read, so Meta's
retries of the same notification never handle a message twice; statuses are delivery receipts.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from aduan.channels import immediate, inbound
from aduan.channels.models import ChannelAccount, InboundMessage
from aduan.channels.whatsapp import conversation, graph
from aduan.notify import delivery

logger = logging.getLogger("aduan.whatsapp")
CHANNEL = "whatsapp"
MEDIA_KINDS = ("image", "document", "video")


def signature_ok(body: bytes, header: str) -> bool:
    """`X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed with the app secret>`."""
    secret = settings.ADUAN_WHATSAPP_APP_SECRET
    if not secret or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len("sha256=") :].strip().lower())


def receive(body: bytes) -> dict[str, int]:
    """Handle one authentic notification. Returns counts for the log and the tests."""
    counts = {"messages": 0, "duplicates": 0, "statuses": 0, "rejected": 0}
    try:
        payload = json.loads(body)
        entries = payload["entry"]
        if not isinstance(entries, list):
            raise TypeError("entry is not a list")
    except (ValueError, KeyError, TypeError) as exc:
        _keep_malformed(body, f"malformed notification: {exc}")
        counts["rejected"] += 1
        return counts
    for entry in entries:
        changes = entry.get("changes") if isinstance(entry, dict) else None
        for change in changes if isinstance(changes, list) else []:
            value = change.get("value") if isinstance(change, dict) else None
            if not isinstance(value, dict):
                continue
            for status in value.get("statuses") or []:
                counts["statuses"] += _status(status)
            account_id = str((value.get("metadata") or {}).get("phone_number_id") or "")
            account = inbound.account_for(CHANNEL, account_id)
            names = _contact_names(value.get("contacts") or [])
            for message in value.get("messages") or []:
                outcome = _message(message, value, names, account)
                counts[outcome] += 1
    return counts


def _keep_malformed(body: bytes, error: str) -> None:
    """An authentic but unreadable notification is kept for inspection under the hash of its body."""
    digest = hashlib.sha256(body).hexdigest()
    received = inbound.store(CHANNEL, f"malformed:{digest}", body)
    if not received.duplicate:
        inbound.finish(received.message, InboundMessage.State.REJECTED, result="malformed", error=error)
    logger.warning("whatsapp: %s", error)


def _contact_names(contacts: list[Any]) -> dict[str, str]:
    names = {}
    for contact in contacts:
        if isinstance(contact, dict) and contact.get("wa_id"):
            names[str(contact["wa_id"])] = str((contact.get("profile") or {}).get("name") or "")
    return names


def _status(status: Any) -> int:
    """sent / delivered / read / failed for a message we sent: a delivery receipt."""
    if not isinstance(status, dict) or not status.get("id"):
        return 0
    state = status.get("status")
    if state in {"delivered", "read"}:
        delivery.receipt(CHANNEL, str(status["id"]), delivered=True)
    elif state == "failed":
        errors = status.get("errors") or [{}]
        first = errors[0] if isinstance(errors[0], dict) else {}
        reason = f"{first.get('code', '')} {first.get('title') or first.get('message') or 'failed'}".strip()
        delivery.receipt(CHANNEL, str(status["id"]), delivered=False, error=reason)
    return 1


def _message(message: Any, value: dict[str, Any], names: dict[str, str], account: ChannelAccount | None) -> str:
    if not isinstance(message, dict) or not message.get("id") or not message.get("from"):
        _keep_malformed(json.dumps(message, default=str).encode(), "message without id or sender")
        return "rejected"
    wa_id = str(message["from"])
    raw = {"message": message, "metadata": value.get("metadata"), "contacts": value.get("contacts")}
    received = inbound.store(CHANNEL, str(message["id"]), raw, sender=wa_id, account=account)
    if received.duplicate:
        return "duplicates"
    try:
        incoming = _parse(message, names.get(wa_id, ""), account)
    except ValueError as exc:
        inbound.finish(received.message, InboundMessage.State.REJECTED, result="malformed", error=str(exc))
        _answer(wa_id, [_("Maaf, pesan Anda tidak dapat kami baca. Silakan kirim ulang.")])
        return "rejected"
    try:
        outcome = conversation.handle(incoming)
    except Exception as exc:
        logger.exception("whatsapp: handling a message failed")
        inbound.finish(received.message, InboundMessage.State.FAILED, result="error", error=repr(exc))
        _answer(wa_id, [_("Maaf, terjadi gangguan. Silakan coba lagi beberapa saat lagi.")])
        return "rejected"
    inbound.finish(received.message, outcome.state, result=outcome.result, report=outcome.report, error=outcome.error)
    _answer(wa_id, outcome.replies)
    if outcome.filed is not None:
        immediate.deliver_now(outcome.filed, CHANNEL)
    return "messages" if outcome.state == InboundMessage.State.PROCESSED else "rejected"


def _parse(message: dict[str, Any], name: str, account: ChannelAccount | None) -> conversation.Incoming:
    kind = str(message.get("type") or "")
    incoming = conversation.Incoming(
        message_id=str(message["id"]), wa_id=str(message["from"]), kind=kind, name=name, account=account
    )
    if kind == "text":
        incoming.text = str((message.get("text") or {}).get("body") or "")
        if not incoming.text.strip():
            raise ValueError("empty text")
    elif kind == "location":
        location = message.get("location") or {}
        try:
            lat = Decimal(str(location["latitude"]))
            lon = Decimal(str(location["longitude"]))
        except (KeyError, InvalidOperation) as exc:
            raise ValueError("location without coordinates") from exc
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError("location out of range")
        incoming.latitude, incoming.longitude = lat, lon
        incoming.place = ", ".join(str(location[k]) for k in ("name", "address") if location.get(k))
    elif kind in MEDIA_KINDS:
        media = message.get(kind) or {}
        if not media.get("id"):
            raise ValueError(f"{kind} without media id")
        incoming.media = {
            "id": str(media["id"]),
            "mime_type": str(media.get("mime_type") or ""),
            "filename": str(media.get("filename") or ""),
            "caption": str(media.get("caption") or ""),
        }
    return incoming


def _answer(wa_id: str, replies: list[str]) -> None:
    """Conversation answers go straight to the Graph API (no report exists yet to hang an outbox row on).
    A failure is logged: the message itself is already stored and handled."""
    if not replies or not graph.configured():
        return
    for text in replies:
        try:
            graph.send_text(wa_id, text)
        except graph.GraphError:
            logger.warning("whatsapp: a conversation answer could not be sent", exc_info=True)
            return
