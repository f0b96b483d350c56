"""`aduan search-reindex`: build the search index for existing reports (streamed in batches of ids)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from aduan.search import index
from aduan.search.models import SearchDocument


class Command(BaseCommand):
    help = "Index the public text of every public report for search, and drop reports no longer public."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=2000, help="reports per batch (default 2000)")
        parser.add_argument("--clear", action="store_true", help="empty the index first")

    def handle(self, *args: Any, batch: int, clear: bool, **options: Any) -> None:
        started = time.monotonic()
        batch = max(1, min(batch, 20_000))
        if clear:
            SearchDocument.objects.all().delete()
        written = seen = 0
        last = 0
        while True:
            # Keyset pagination over the public partial index: each batch is one short query and one
            # transaction, so memory stays flat and writers are never blocked for long.
            reports = list(index.indexable().filter(pk__gt=last).order_by("pk")[:batch])
            if not reports:
                break
            with transaction.atomic():
                written += index.store(reports)
            seen += len(reports)
            last = reports[-1].pk
            if options["verbosity"] > 1:
                self.stdout.write(f"{seen} reports read, {written} written")
        removed = index.remove_stale()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # fresh statistics: the planner's choice depends on them
                cursor.execute("ANALYZE search_searchdocument")
        took = time.monotonic() - started
        self.stdout.write(
            f"search-reindex: {seen} public reports, {written} documents written, {removed} removed, {took:.1f} s"
        )
