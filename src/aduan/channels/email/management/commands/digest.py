"""`aduan digest [--now]`: send the staff daily digests that are due (docs/email.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from aduan.notify import digest


class Command(BaseCommand):
    help = "Kirim ringkasan harian kepada petugas (sekali sehari per orang)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Kirim sekarang, tanpa menunggu jam ADUAN_DIGEST_HOUR.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = digest.run_due(force=options["now"])
        self.stdout.write(f"ringkasan terkirim: {result.sent}, kosong: {result.empty}, gagal: {result.failed}")
