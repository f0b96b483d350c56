"""`aduan smtpd [--host H] [--port P]`: receive reports and replies by e-mail (docs/email.md)."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from aduan.channels.email.server import controller


class Command(BaseCommand):
    help = "Jalankan penerima SMTP untuk laporan dan balasan lewat email (di belakang MTA instansi)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=settings.ADUAN_SMTPD_HOST)
        parser.add_argument("--port", type=int, default=settings.ADUAN_SMTPD_PORT)

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.ADUAN_REPORT_EMAIL:
            self.stderr.write("ADUAN_REPORT_EMAIL belum diisi: hanya alamat akun kanal email instansi yang diterima.")
        server = controller(options["host"], options["port"])
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        server.start()
        self.stdout.write(f"aduan smtpd mendengarkan di {options['host']}:{options['port']}")
        try:
            stop.wait()
        finally:
            server.stop()
