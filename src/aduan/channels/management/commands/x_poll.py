"""`aduan x-poll [--loop]`: read new mentions of the instance's X account and file the reports (docs/x.md)."""

from __future__ import annotations

import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aduan.channels.x import api, poll


class Command(BaseCommand):
    help = "Baca mention akun X instansi (X API v2) dan jadikan laporan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Terus berjalan, membaca setiap ADUAN_X_POLL_INTERVAL.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not api.can_poll():
            raise CommandError("ADUAN_X_BEARER_TOKEN belum diatur.")
        if options["loop"]:
            poll.poll_loop(threading.Event())
            return
        try:
            counts = poll.poll_once()
        except api.XError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(" ".join(f"{k}={v}" for k, v in sorted(counts.items())) or "0")
