"""`aduan load-reference`: regions, institutions and categories (idempotent)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Muat data rujukan: wilayah Kemendagri, instansi, kategori."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Muat ulang walau data tidak berubah.")

    def handle(self, *args: Any, **options: Any) -> None:
        from aduan.institutions.reference import load

        started = time.perf_counter()
        result = load(force=options["force"])
        elapsed = time.perf_counter() - started
        if result.skipped:
            self.stdout.write(f"Data rujukan sudah terbaru ({elapsed:.1f} s).")
            return
        self.stdout.write(
            f"Wilayah: {result.regions}, instansi: {result.institutions}, kategori: {result.categories} "
            f"({elapsed:.1f} s)."
        )
