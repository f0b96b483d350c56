"""Storing a channel's raw message before anything else, once per external id (issue 4)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from aduan.channels.models import ChannelAccount, InboundMessage
from aduan.core import crypto
from aduan.reports.lifecycle.intake import sender_index


@dataclass(frozen=True)
class Received:
    message: InboundMessage
    duplicate: bool


def store(
    channel: str,
    external_id: str,
    raw: dict[str, Any] | str | bytes,
    *,
    sender: str = "",
    account: ChannelAccount | None = None,
) -> Received:
    """Keep the raw message. A repeat of the same (channel, external id) returns the first one, marked duplicate."""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    payload = raw if isinstance(raw, dict) else {"raw": raw}
    message = InboundMessage(
        channel=channel,
        external_id=str(external_id)[:200],
        sealed_raw=crypto.encrypt_json(payload),
        sender_index=sender_index(channel, sender) if sender else "",
        account=account,
        received_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            message.save()
        return Received(message, duplicate=False)
    except IntegrityError:
        first = InboundMessage.objects.get(channel=channel, external_id=message.external_id)
        return Received(first, duplicate=True)


def raw_of(message: InboundMessage) -> dict[str, Any]:
    """The stored payload, for inspection by operators (admin) and reprocessing."""
    return crypto.decrypt_json(message.sealed_raw)


def finish(
    message: InboundMessage,
    state: str,
    *,
    result: str = "",
    report: Any = None,
    error: str = "",
) -> None:
    message.state = state
    message.result = result[:40]
    message.error = error
    message.report = report if report is not None else message.report
    message.processed_at = timezone.now()
    message.save(update_fields=["state", "result", "error", "report", "processed_at"])


def account_for(channel: str, address: str) -> ChannelAccount | None:
    """The institution-owned account a message was sent to, if any (a regency's own number)."""
    if not address:
        return None
    return (
        ChannelAccount.objects.select_related("institution")
        .filter(channel=channel, address=address.strip(), active=True)
        .first()
    )


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)
