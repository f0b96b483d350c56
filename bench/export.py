"""Open data export at national scale (issue 5): a full export of every public report through the view
(`/data/laporan.<format>`), in-process through Django's whole request stack, the streamed response read
to the end; the time, the bytes, and the PEAK MEMORY of the process (ru_maxrss) for each format.

    python bench/export.py --db postgres [--formats csv,json,xlsx] [--dari 2025-01-01] [--keep]

The data is the million-report database of the pages benchmark (`aduan_bench_pages`, see bench/pages.py),
cloned into `aduan_bench_export` (BENCH_PG_DB) unless that clone is already there, and dropped at the
end unless --keep. Each format runs in a forked child process, so each peak is that export's own: the
child's ru_maxrss starts at the parent's resident size (shared pages) and grows only by what the
export itself holds. Target: peak < 200 MB.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import time
from typing import Any

os.environ.setdefault("BENCH_PG_DB", "aduan_bench_export")
# No connection pool: a pool keeps its sockets open across close_all(), and forked children would share
# them with the parent (whose pool may close an idle one under a child's running export).
os.environ["ADUAN_DB_POOL"] = "false"

from benchlib import PG_DB, PG_SERVER, arguments, claim, emit, say, server_facts, setup_django

SOURCE = os.environ.get("BENCH_EXPORT_SOURCE", "aduan_bench_pages")
TARGET_MB = 200


def _clone() -> bool:
    """Clone the source unless the clone exists; True when this run made it."""
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DB]).fetchone():
            return False
        for attempt in range(30):
            try:
                conn.execute(f'CREATE DATABASE "{PG_DB}" TEMPLATE "{SOURCE}"')
                return True
            except psycopg.errors.ObjectInUse:  # somebody is connected to the source: wait
                if attempt == 29:
                    raise
                time.sleep(10)
    return False


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _export(fmt: str, query: str, out: Any) -> None:
    """In the child: one export through the full request stack, read to the end."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    # Warm up (URL configuration, views, the libraries they import) with an empty export, so the figure
    # before is what any web process holds and the growth is the export's own.
    for _piece in client.get(f"/data/laporan.{fmt}?dari=2000-01-01&sampai=2000-01-01").streaming_content:
        pass
    start_peak = _maxrss_mb()
    started = time.perf_counter()
    response = client.get(f"/data/laporan.{fmt}{query}")
    first = None
    size = pieces = 0
    samples = []
    for piece in response.streaming_content:
        if first is None:
            first = time.perf_counter() - started
        size += len(piece)
        pieces += 1
        if pieces % 500 == 0:
            samples.append(round(_rss_mb(), 1))
    seconds = time.perf_counter() - started
    out.put(
        {
            "format": fmt,
            "status": response.status_code,
            "seconds": round(seconds, 1),
            "first_byte_s": round(first or seconds, 2),
            "megabytes": round(size / 1024 / 1024, 1),
            "pieces": pieces,
            "peak_rss_mb_before": round(start_peak, 1),
            "peak_rss_mb": round(_maxrss_mb(), 1),
            "rss_samples_mb": samples[:: max(1, len(samples) // 8)],
        }
    )


def main() -> None:
    parser = arguments(__doc__.splitlines()[0], databases=("postgres",))
    parser.add_argument("--formats", default="csv,json,xlsx")
    parser.add_argument("--dari", default="", help="only reports submitted from this date (a quicker run)")
    args = parser.parse_args()
    claim(args.db)
    made = _clone()
    setup_django(args.db)
    from django.core.management import call_command
    from django.db import connections

    from aduan.reports.visibility import public_reports

    # Only the tables the export reads need to be at HEAD (the clone is migrated already).
    for app in ("core", "institutions", "reports"):
        call_command("migrate", app, verbosity=0, interactive=False)
    query = f"?dari={args.dari}" if args.dari else ""
    reports = public_reports()
    if args.dari:
        reports = reports.filter(submitted_at__date__gte=args.dari)
    count = reports.count()
    say(f"export of {count:,} public reports from {PG_DB} ({'cloned now' if made else 'existing clone'})")
    figures: dict[str, Any] = {"reports": count, "source": SOURCE, "filter": query or "none", "formats": {}}
    connections.close_all()  # the children open their own
    context = multiprocessing.get_context("fork")
    for fmt in [f.strip() for f in args.formats.split(",") if f.strip()]:
        results = context.Queue()
        child = context.Process(target=_export, args=(fmt, query, results))
        child.start()
        child.join()
        if results.empty():
            raise SystemExit(f"the {fmt} export failed (exit code {child.exitcode}); see its traceback above")
        result = results.get()
        result["rows_per_s"] = round(count / result["seconds"]) if result["seconds"] else None
        result["target_mb"] = TARGET_MB
        figures["formats"][fmt] = result
        say(f"  {fmt:5} {result}")
    figures.update(server_facts(args.db))
    if not args.keep:
        from benchlib import drop_database

        drop_database(args.db)
    emit("export", args.db, figures)


if __name__ == "__main__":
    main()
