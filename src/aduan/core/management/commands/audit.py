"""`aduan audit verify [--report CODE]`: prove each report's history is intact."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aduan.core import trackcode


class Command(BaseCommand):
    help = "Audit riwayat laporan."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Hitung ulang rantai hash setiap laporan.")
        verify.add_argument("--report", help="Kode pelacakan satu laporan.")

    def handle(self, *args: Any, **options: Any) -> None:
        from aduan.reports.audit import verify
        from aduan.reports.models import Report

        code = None
        if options.get("report"):
            code = trackcode.normalize(options["report"])
            if code is None or not Report.objects.filter(code=code).exists():
                raise CommandError(f"Laporan {options['report']} tidak ditemukan.")
        damaged: set[str] = set()
        for problem in verify(code):
            damaged.add(problem.code)
            self.stderr.write(f"ALTERED {problem}")
        if damaged:
            raise CommandError(f"{len(damaged)} laporan riwayatnya tidak utuh: {', '.join(sorted(damaged))}")
        count = 1 if code else Report.objects.count()
        self.stdout.write(f"OK: riwayat {count} laporan utuh.")
