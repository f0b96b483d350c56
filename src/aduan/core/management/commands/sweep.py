"""`aduan sweep`: apply what time causes, once (safe to run from cron and from every worker at once)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Terapkan tenggat: tutup karena diam, tandai terlambat, akhiri penundaan, eskalasi 60 hari."

    def handle(self, *args: Any, **options: Any) -> None:
        from aduan.reports.sweep import sweep

        result = sweep()
        for name, count in result.counts.items():
            self.stdout.write(f"{name}: {count}")
