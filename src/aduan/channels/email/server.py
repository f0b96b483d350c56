"""The SMTP receiver (aiosmtpd) that `aduan smtpd` runs behind the operator's MTA.

aiosmtpd's event loop only speaks SMTP; every database step runs in a worker thread (Django's ORM is
synchronous), and each thread closes its connection when done so nothing lingers between mails.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlparse

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.conf import settings
from django.db import connections

from aduan.channels.email import receive

logger = logging.getLogger("aduan.email")
T = TypeVar("T")


def _db_call(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    try:
        return function(*args, **kwargs)
    finally:
        connections.close_all()


async def in_thread(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    return await asyncio.get_running_loop().run_in_executor(None, lambda: _db_call(function, *args, **kwargs))


class AduanHandler:
    """aiosmtpd handler: refuse unknown recipients at RCPT, hand each accepted message to `receive`."""

    def __init__(self) -> None:
        self.handled = 0

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        try:
            known = await in_thread(receive.accepts, address)
        except Exception:
            logger.exception("recipient check failed")
            return "451 4.3.0 Temporary failure, try again later"
        if not known:
            return "550 5.1.1 Alamat tujuan tidak dikenal / unknown recipient"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", errors="surrogateescape")
        if len(raw) > settings.ADUAN_EMAIL_MAX_BYTES:
            return "552 5.3.4 Email terlalu besar / message too big"
        try:
            outcome = await in_thread(
                receive.receive, raw, mail_from=envelope.mail_from or "", rcpt_tos=list(envelope.rcpt_tos)
            )
        except Exception:
            # Nothing was stored: let the MTA keep the message and try again.
            logger.exception("inbound e-mail could not be stored")
            return "451 4.3.0 Temporary failure, try again later"
        self.handled += 1
        logger.info("inbound e-mail: %s/%s", outcome.state, outcome.result)
        return "250 OK"


def controller(host: str, port: int, handler: AduanHandler | None = None) -> Controller:
    """A started-on-demand aiosmtpd server in its own thread (`.start()`, `.stop()`)."""
    return Controller(
        handler or AduanHandler(),
        hostname=host,
        port=port,
        # Named once here; otherwise every connection does a reverse DNS look-up (socket.getfqdn).
        server_hostname=urlparse(settings.BASE_URL).hostname or "localhost",
        data_size_limit=settings.ADUAN_EMAIL_MAX_BYTES,
        ident=f"{settings.INSTANCE_NAME} aduan smtpd",
        # The MTA in front speaks SMTPUTF8 and 8BITMIME; keep raw bytes exactly as they came.
        decode_data=False,
        enable_SMTPUTF8=True,
    )
