"""The registry of channel senders. A channel adapter registers one function per channel it can send on.

A sender gets an `Outgoing` message and returns the gateway's id for it. It raises `TemporaryFailure` for
what may work later (gateway down, not configured yet) and `PermanentFailure` for what never will.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module

from django.conf import settings

from aduan.notify.models import Notification


class TemporaryFailure(Exception):
    """Retry with backoff."""


class PermanentFailure(Exception):
    """Give up: mark the notification failed."""


@dataclass
class Outgoing:
    notification: Notification
    to: list[str]
    subject: str
    text: str
    # Set by the channel that first received the report (an X post id, a WhatsApp message id, a Message-ID).
    in_reply_to: str = ""
    extra: dict[str, str] = field(default_factory=dict)


Sender = Callable[[Outgoing], str]
SENDERS: dict[str, Sender] = {}

# Modules that register senders when imported; loaded once, lazily, by `sender_for`.
SENDER_MODULES = (
    "aduan.channels.kannel.send",
    "aduan.channels.whatsapp.send",
    "aduan.channels.x.send",
    "aduan.channels.email.send",
)


def register(channel: str) -> Callable[[Sender], Sender]:
    def decorate(function: Sender) -> Sender:
        SENDERS[channel] = function
        return function

    return decorate


@cache
def _load_senders() -> None:
    # ADUAN_SENDER_MODULES adds an operator's own gateways: one module that registers a sender.
    for name in (*SENDER_MODULES, *settings.ADUAN_SENDER_MODULES):
        try:
            import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


def sender_for(channel: str) -> Sender | None:
    _load_senders()
    return SENDERS.get(channel)
