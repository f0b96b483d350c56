"""Oversight console at a million reports (issue 5): page timings, EXPLAIN ANALYZE of each console query, and
the time, size and peak memory of a 500-report investigation bundle.

    python bench/oversight.py --db postgres [--requests 60] [--reuse] [--explain]

The data is the pages benchmark's million-report database (`aduan_bench_pages`), cloned into
`aduan_bench_oversight` (kept with --reuse) and migrated; an oversight login is added. Pages are served
in-process through Django's whole request stack, one after another.
"""

from __future__ import annotations

import os
import random
import resource
import time
from datetime import timedelta
from typing import Any

os.environ.setdefault("BENCH_PG_DB", "aduan_bench_oversight")

from benchlib import PG_DB, PG_SERVER, arguments, emit, migrate, say, server_facts, setup_django, summary_ms

SOURCE = os.environ.get("BENCH_OVERSIGHT_SOURCE", "aduan_bench_pages")
REASON = "Benchmark: berkas investigasi untuk pengujian kinerja."


def _clone(reuse: bool) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DB]).fetchone()
        if exists and reuse:
            return
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
        for _attempt in range(30):  # a template cannot be copied while someone is connected to it
            try:
                conn.execute(f'CREATE DATABASE "{PG_DB}" TEMPLATE "{SOURCE}"')
                return
            except psycopg.errors.ObjectInUse:
                time.sleep(2)
        raise SystemExit(f"{SOURCE} stayed in use; try again later")


def _oversight_user() -> Any:
    from django.contrib.auth.models import User

    from aduan.institutions.models import Institution, Membership

    ombudsman, _ = Institution.objects.get_or_create(
        code="bench-ombudsman",
        defaults={"slug": "bench-ombudsman", "name": "Ombudsman (bench)", "kind": Institution.Kind.OVERSIGHT},
    )
    user, _ = User.objects.get_or_create(username="bench-oversight")
    Membership.objects.get_or_create(user=user, institution=ombudsman, role=Membership.Role.OVERSIGHT)
    return user


def _time(client: Any, urls: list[str]) -> dict[str, Any]:
    for url in urls[:3]:
        client.get(url)
    seconds, statuses = [], set()
    for url in urls:
        t0 = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        seconds.append(time.perf_counter() - t0)
        statuses.add(response.status_code)
    return {"requests": len(urls), "statuses": sorted(statuses), **summary_ms(seconds)}


def _explain(viewer: Any) -> dict[str, str]:
    """The plan and time of each console query, as PostgreSQL runs it (the last line of EXPLAIN ANALYZE)."""
    from django.db import connection
    from django.http import QueryDict
    from django.utils import timezone

    from aduan.oversight import console
    from aduan.public.filters import MAX_COUNTED

    now = timezone.now()
    filters, _ = console.Filters.from_query(QueryDict("rahasia=ya"))
    queries = {
        "list_page": console.reports(viewer, console.Filters())[:51],
        "list_confidential_page": console.reports(viewer, filters)[:51],
        "list_count_capped": console.reports(viewer, filters).order_by()[: MAX_COUNTED + 1],
        "overdue_now_page": console.overdue_now(viewer, now)[:51],
        "overdue_ever_page": console.overdue_events(viewer)[:51],
        "overdue_ever_count_capped": console.overdue_events(viewer).order_by()[: MAX_COUNTED + 1],
        "escalated_page": console.escalation_events(viewer)[:51],
    }
    plans: dict[str, str] = {}
    with connection.cursor() as cursor:
        for name, queryset in queries.items():
            sql, params = queryset.query.sql_with_params()
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql, params)
            lines = [row[0] for row in cursor.fetchall()]
            plans[name] = lines[-1].strip() + " | " + lines[0].strip()[:110]
            say(f"  EXPLAIN {name}: {plans[name]}")
            say("    " + "\n    ".join(line for line in lines[1:] if "Index" in line or "Seq Scan" in line))
    return plans


def _rankings() -> dict[str, float]:
    """Each ranking's aggregate, uncached (what the first view of a period costs), in ms."""
    from django.utils import timezone

    from aduan.oversight import console

    today = timezone.localdate()
    timings = {}
    for days in (30, 90, 365):
        period = console.Period(today - timedelta(days=days), today)
        for name, run in (("most_transfers", console.most_transfers), ("slowest_answers", console.slowest_answers)):
            t0 = time.perf_counter()
            run(period)
            timings[f"{name}_{days}d_ms"] = round((time.perf_counter() - t0) * 1000, 1)
    say(f"  rankings, uncached: {timings}")
    return timings


def _bundle(viewer: Any, user: Any, count: int) -> dict[str, Any]:
    import tracemalloc

    from aduan.oversight import console
    from aduan.oversight.bundle import builder

    reports = console.reports(viewer, console.Filters())
    tracemalloc.start()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    built = builder.build(viewer, reports, made_by=user.username, reason=REASON, limit=count)
    seconds = time.perf_counter() - t0
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    built.file.close()
    return {
        "reports": built.reports,
        "seconds": round(seconds, 2),
        "bytes": built.size,
        "problems": built.problems,
        "python_peak_mb": round(peak / 1e6, 1),
        "max_rss_growth_mb": round((rss_after - rss_before) / 1024, 1),
    }


def main() -> None:
    parser = arguments(__doc__.splitlines()[0], databases=("postgres",))
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--bundle", type=int, default=500)
    parser.add_argument("--reuse", action="store_true", help="keep an existing aduan_bench_oversight")
    parser.add_argument("--explain", action="store_true", help="print each console query's plan")
    args = parser.parse_args()
    _clone(args.reuse)
    setup_django(args.db)
    from django.test import Client

    from aduan.reports.visibility import Viewer

    figures: dict[str, Any] = {"source": SOURCE, "migrate_s": round(migrate(), 1)}
    user = _oversight_user()
    viewer = Viewer(user)
    if args.explain:
        figures["plans"] = _explain(viewer)
    figures["rankings_uncached"] = _rankings()
    rng = random.Random(20261128)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    n = args.requests
    pages = {
        "console": [f"/kantor/pengawasan/?halaman={rng.randint(1, 20)}" for _ in range(n)],
        "console_filtered": [
            f"/kantor/pengawasan/?rahasia=ya&status={rng.choice(['submitted', 'dispositioned', 'in_progress'])}"
            for _ in range(n)
        ],
        "overdue_now": [f"/kantor/pengawasan/pelanggaran/?halaman={rng.randint(1, 10)}" for _ in range(n)],
        "overdue_ever": [
            f"/kantor/pengawasan/pelanggaran/?jenis=pernah&halaman={rng.randint(1, 10)}" for _ in range(n)
        ],
        "escalated": ["/kantor/pengawasan/eskalasi/" for _ in range(n)],
        # Cached for 5 minutes per period after the first view (see rankings_uncached for a first view).
        "institutions_90d": ["/kantor/pengawasan/instansi/" for _ in range(max(5, n // 4))],
        "institutions_365d": [
            "/kantor/pengawasan/instansi/?dari=2025-12-01&sampai=2026-11-30" for _ in range(max(5, n // 4))
        ],
        "access_log": ["/kantor/pengawasan/log/" for _ in range(n)],
    }
    for name, urls in pages.items():
        figures[name] = _time(client, urls)
        say(f"  {name:18} {figures[name]}")
    figures["bundle"] = _bundle(viewer, user, args.bundle)
    say(f"  bundle ({args.bundle} reports): {figures['bundle']}")
    figures.update(server_facts(args.db))
    emit("oversight", args.db, figures)


if __name__ == "__main__":
    main()
