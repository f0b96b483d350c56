"""Statistics at a million reports (issue 5): `aduan stats-rebuild` over the whole body of reports, then
`/statistik/` (national, several periods and filters), one institution's page and its widget, served
in-process through Django's full request stack.

    python bench/stats.py --db postgres [--requests 200] [--template aduan_bench_pages] [--reuse]

The data is a clone of the pages benchmark's million-report database (`aduan_bench_pages`, see
bench/pages.py) in `aduan_bench_stats`, migrated; `--reuse` keeps an existing clone and its statistics
(no rebuild). Requests run one after another; the figures are per request.
"""

from __future__ import annotations

import os
import random
import resource
import time
from typing import Any

os.environ.setdefault("BENCH_PG_DB", "aduan_bench_stats")

from benchlib import PG_DB, PG_SERVER, arguments, emit, migrate, say, server_facts, setup_django, summary_ms


def _clone(template: str, reuse: bool) -> bool:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DB]).fetchone()
        if exists and reuse:
            return False
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
        for attempt in range(30):  # the template must have no other session
            try:
                conn.execute(f'CREATE DATABASE "{PG_DB}" TEMPLATE "{template}"')
                return True
            except psycopg.errors.ObjectInUse:
                time.sleep(2 + attempt)
        raise SystemExit(f"{template} stayed in use")


def _time(client: Any, urls: list[str]) -> dict[str, Any]:
    for url in urls[:3]:
        client.get(url)
    seconds, statuses = [], set()
    for url in urls:
        t0 = time.perf_counter()
        response = client.get(url)
        seconds.append(time.perf_counter() - t0)
        statuses.add(response.status_code)
    return {"requests": len(urls), "statuses": sorted(statuses), **summary_ms(seconds)}


def main() -> None:
    parser = arguments(__doc__.splitlines()[0], databases=("postgres",))
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--template", default="aduan_bench_pages")
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    fresh = _clone(args.template, args.reuse)
    setup_django(args.db)
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import Client

    from aduan.institutions.models import Institution
    from aduan.stats.models import Figure, Histogram, ReportFacts

    figures: dict[str, Any] = {"template": args.template, "migrate_s": round(migrate(), 1)}
    if fresh or not ReportFacts.objects.exists():
        t0 = time.perf_counter()
        call_command("stats_rebuild")
        figures["rebuild_s"] = round(time.perf_counter() - t0, 1)
        figures["rebuild_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    figures["facts_rows"] = ReportFacts.objects.count()
    figures["figure_rows"] = Figure.objects.count()
    figures["histogram_rows"] = Histogram.objects.count()
    busiest = (
        ReportFacts.objects.exclude(institution=None)
        .values("institution")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    institution = Institution.objects.get(pk=busiest["institution"])
    figures["institution"] = f"{institution.code} ({busiest['n']} reports)"
    rng = random.Random(20261128)
    client = Client(HTTP_HOST="127.0.0.1")
    n = args.requests
    national = [
        "/statistik/?periode=30",
        "/statistik/?periode=tahun",
        "/statistik/?periode=365",
        "/statistik/?periode=semua",
        "/statistik/?dari=2022-03-15&sampai=2024-08-20",
    ]
    filters = [
        f"instansi={institution.code}",
        "wilayah=33",
        "wilayah=35.78",
        "kategori=infrastruktur",
        "kategori=jalan-rusak",
        "wilayah=33.26.01",
        f"instansi={institution.code}&kategori=jalan-rusak",
    ]
    cases = {
        "statistik_national": [rng.choice(national) for _ in range(n)],
        "statistik_filtered": [
            f"/statistik/?periode={rng.choice(['30', 'tahun', '365', 'semua'])}&{rng.choice(filters)}" for _ in range(n)
        ],
        "institution_page": [f"/instansi/{institution.slug}/"] * (n // 2),
        "widget": [f"/widget/instansi/{institution.slug}/"] * (n // 2),
        "csv_ranking": ["/statistik/csv/peringkat.csv?periode=semua"] * 10,
    }
    say(f"stats on {PG_DB}: {figures}")
    for name, urls in cases.items():
        figures[name] = _time(client, urls)
        say(f"  {name:20} {figures[name]}")
    for url in national + [f"/statistik/?periode=semua&{f}" for f in filters]:
        figures.setdefault("per_url_ms", {})[url] = _time(client, [url] * 5)["median_ms"]
    figures.update(server_facts(args.db))
    emit("stats", args.db, figures)


if __name__ == "__main__":
    main()
