"""Shared pieces of the e-mail tests (a module, not a package: `tests/email` would shadow the stdlib).

Real SMTP on both sides: `aduan smtpd`'s own aiosmtpd server receives, an aiosmtpd sink plays the MTA
that our outgoing mail is handed to."""

from __future__ import annotations

import importlib
import io
import smtplib
import socket
import sys
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from PIL import Image


def _import_aiosmtpd() -> None:
    """Import aiosmtpd with its own `public` module (the `atpublic` package). pytest puts tests/ on
    sys.path, where the tests/public package has the same name; aiosmtpd binds the decorator when
    imported, so the swap lasts only for the import and tests/public keeps its name afterwards."""
    tests_dir = str(Path(__file__).resolve().parent.parent)
    saved_path = list(sys.path)
    saved = {name: sys.modules.pop(name) for name in list(sys.modules) if name.split(".")[0] == "public"}
    sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != tests_dir]
    try:
        importlib.import_module("aiosmtpd.controller")
        importlib.import_module("aiosmtpd.smtp")
    finally:
        sys.path[:] = saved_path
        for name in [n for n in sys.modules if n.split(".")[0] == "public"]:
            del sys.modules[name]
        sys.modules.update(saved)


_import_aiosmtpd()

from aiosmtpd.controller import Controller  # noqa: E402

from aduan.channels.email.server import AduanHandler  # noqa: E402

__all__ = ["AduanHandler", "Controller"]

REPORT_ADDRESS = "lapor@aduan.test"
CITIZEN = "budi.santoso@warga.test"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n" + (
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


@dataclass
class Captured:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def text(self) -> str:
        body = self.message.get_body(preferencelist=("plain",))
        return body.get_content() if body is not None else ""


@dataclass
class Sink:
    """What the MTA received from us. `refuse` holds addresses it answers 550 for."""

    messages: list[Captured] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        message = BytesParser(policy=policy.default).parsebytes(raw)
        self.messages.append(Captured(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address: str) -> list[Captured]:
        return [m for m in self.messages if address in m.rcpt_tos]


@dataclass
class Smtpd:
    port: int
    handler: AduanHandler

    def send(self, message: EmailMessage | bytes, to: list[str] | None = None, mail_from: str = CITIZEN) -> None:
        raw = message if isinstance(message, bytes) else message.as_bytes(policy=policy.SMTP)
        with smtplib.SMTP("127.0.0.1", self.port, timeout=30) as client:
            client.sendmail(mail_from, to or [REPORT_ADDRESS], raw)
