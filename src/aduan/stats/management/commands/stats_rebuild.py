"""`aduan stats-rebuild`: recompute every statistic from the reports (see aduan.stats.rebuild)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from aduan.stats.rebuild import rebuild


class Command(BaseCommand):
    help = "Recompute the statistics tables from the reports (existing data, or after a calendar change)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        result = rebuild(progress=self.stdout.write)
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"{result['reports']} reports, {result['figures']} figure rows, {result['histograms']} histogram rows "
            f"in {elapsed:.1f} s"
        )
