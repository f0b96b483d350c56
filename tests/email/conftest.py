"""Fixtures of the e-mail tests: real SMTP on both sides (see email_support)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

import pytest
from email_support import CITIZEN, REPORT_ADDRESS, Controller, Sink, Smtpd, free_port

from aduan.channels.email.server import AduanHandler, controller


@pytest.fixture
def mta(settings: Any) -> Iterator[Sink]:
    """The outgoing MTA: Django's SMTP backend pointed at a real aiosmtpd server that keeps what it gets."""
    sink = Sink()
    port = free_port()
    server = Controller(sink, hostname="127.0.0.1", port=port)
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.ADUAN_REPORT_EMAIL = REPORT_ADDRESS
    settings.DEFAULT_FROM_EMAIL = "Aduan <noreply@aduan.test>"
    settings.ADUAN_EMAIL_AUTHSERV_ID = ""
    try:
        yield sink
    finally:
        server.stop()


@pytest.fixture
def smtpd(mta: Sink) -> Iterator[Smtpd]:
    """`aduan smtpd`'s server, as the command builds it, on a free port."""
    handler = AduanHandler()
    port = free_port()
    server = controller("127.0.0.1", port, handler)
    server.start()
    try:
        yield Smtpd(port, handler)
    finally:
        server.stop()


@pytest.fixture
def compose() -> Callable[..., EmailMessage]:
    def make(
        subject: str = "Jalan rusak di Desa Bodas",
        body: str = "Jalan utama desa berlubang dalam sejak bulan lalu dan membahayakan pengendara.",
        sender: str = f"Budi Santoso <{CITIZEN}>",
        to: str = REPORT_ADDRESS,
        files: list[tuple[str, bytes, str]] | None = None,
        html: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        message = EmailMessage()
        message["From"] = sender
        message["To"] = to
        message["Subject"] = subject
        message["Message-ID"] = make_msgid(domain="warga.test")
        for name, value in (headers or {}).items():
            message[name] = value
        if html is not None and not body:
            message.set_content(html, subtype="html")
        else:
            message.set_content(body)
            if html is not None:
                message.add_alternative(html, subtype="html")
        for name, data, mime in files or []:
            maintype, subtype = mime.split("/")
            message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
        return message

    return make
