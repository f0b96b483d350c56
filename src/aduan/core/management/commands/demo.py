"""`aduan demo`: seed the demo institution, logins and reports (DESIGN §7)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Isi data demo: Kabupaten Pekalongan, akun demo, dan beberapa ratus laporan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reports", type=int, default=300)
        parser.add_argument("--if-empty", action="store_true", help="Lewati bila sudah ada laporan.")

    def handle(self, *args: Any, **options: Any) -> None:
        from aduan.demo.seed import ensure_people, ensure_units, seed
        from aduan.institutions.models import Institution
        from aduan.reports.models import Report

        if not Institution.objects.filter(code="pemkab-33-26").exists():
            raise CommandError("Jalankan `aduan load-reference` terlebih dahulu.")
        if options["if_empty"] and Report.objects.exists():
            ensure_people(ensure_units())
            self.stdout.write("Data demo sudah ada; akun demo diperbarui.")
            return
        made = seed(options["reports"])
        self.stdout.write(
            f"Demo siap: {made} laporan; login verifikator, admin-pekalongan, dinas-pu-pekalongan, "
            "ombudsman, warga (kata sandi ADUAN_DEMO_PASSWORD, bawaan demo12345)."
        )
