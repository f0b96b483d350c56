"""Page timings with a million reports (issue 3): the public report page, the public list and a back-office
queue, served in-process through Django's full request stack (middleware, sessions, templates).

    python bench/pages.py --db postgres [--requests 300] [--template NAME]

The data is the sweep benchmark's million-report database (`bench/sweep.py --reuse` keeps it as a
template), cloned into a scratch database and migrated; two staff logins are added. Each request is timed
from the client's call to the complete response, one after another, so pages/second is for one process.
"""

from __future__ import annotations

import os
import random
import time
from typing import Any

# A database of its own, so this can run beside the other benchmarks.
os.environ.setdefault("BENCH_PG_DB", "aduan_bench_pages")

from benchlib import PG_DB, PG_SERVER, arguments, emit, migrate, say, server_facts, setup_django, summary_ms

TEMPLATE_PREFIX = "aduan_bench_tpl_1000000_"


def _clone(template: str | None) -> str:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        if template is None:
            row = conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s ORDER BY datname DESC LIMIT 1",
                [TEMPLATE_PREFIX + "%"],
            ).fetchone()
            if row is None:
                raise SystemExit("no million-report template: run `make bench BENCH_ARGS='--only sweep --reuse'` first")
            template = row[0]
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{PG_DB}" TEMPLATE "{template}"')
    return template


def _staff() -> dict[str, Any]:
    from django.contrib.auth.models import User
    from django.db.models import Count

    from aduan.institutions.models import Institution, Membership
    from aduan.reports.models import Report

    busiest = (
        Report.objects.exclude(institution=None).values("institution").annotate(n=Count("pk")).order_by("-n").first()
    )
    regency = Institution.objects.get(pk=busiest["institution"])
    operator = Institution.objects.get(code="operator")
    people = {}
    for name, institution, role in [
        ("bench-verifier", operator, Membership.Role.VERIFIER),
        ("bench-admin", regency, Membership.Role.INSTITUTION_ADMIN),
    ]:
        user, _ = User.objects.get_or_create(username=name)
        Membership.objects.get_or_create(user=user, institution=institution, role=role)
        people[name] = user
    people["regency"] = regency
    return people


def _codes(count: int, rng: random.Random) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT code FROM reports_report TABLESAMPLE SYSTEM (1) "
            "WHERE verified_at IS NOT NULL AND NOT confidential AND status <> 'archived' LIMIT %s",
            [count * 3],
        )
        codes = [row[0] for row in cursor.fetchall()]
    rng.shuffle(codes)
    return codes[:count]


def _time(client: Any, urls: list[str]) -> dict[str, Any]:
    for url in urls[:5]:  # warm caches and connections
        client.get(url)
    seconds, statuses = [], set()
    started = time.perf_counter()
    for url in urls:
        t0 = time.perf_counter()
        response = client.get(url)
        seconds.append(time.perf_counter() - t0)
        statuses.add(response.status_code)
    wall = time.perf_counter() - started
    return {
        "requests": len(urls),
        "pages_per_s": round(len(urls) / wall, 1),
        "statuses": sorted(statuses),
        **summary_ms(seconds),
    }


def main() -> None:
    parser = arguments(__doc__.splitlines()[0], databases=("postgres",))
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--template")
    args = parser.parse_args()
    template = _clone(args.template)
    setup_django(args.db)
    from django.test import Client

    migrated = migrate()
    rng = random.Random(20261128)
    people = _staff()
    codes = _codes(args.requests, rng)
    pages = max(1, min(50, args.requests // 6))
    regions = ["33", "33.26", "35", "31.71", "32.04", "11"]
    list_urls = [f"/laporan/?halaman={rng.randint(1, pages)}" for _ in range(args.requests // 2)]
    list_urls += [
        f"/laporan/?wilayah={rng.choice(regions)}&halaman={rng.randint(1, 5)}" for _ in range(args.requests // 2)
    ]
    figures: dict[str, Any] = {"template": template, "migrate_s": round(migrated, 1)}
    say(f"pages on {template}: {len(codes)} report pages, {len(list_urls)} list pages")
    public = Client(HTTP_HOST="127.0.0.1")
    figures["report_page"] = _time(public, [f"/laporan/{code}/" for code in codes])
    say(f"  /laporan/<code>/  {figures['report_page']}")
    figures["public_list"] = _time(public, list_urls)
    say(f"  /laporan/          {figures['public_list']}")
    for who in ("bench-admin", "bench-verifier"):
        staff = Client(HTTP_HOST="127.0.0.1")
        staff.force_login(people[who])
        urls = [f"/kantor/?halaman={rng.randint(1, 5)}" for _ in range(args.requests // 2)]
        urls += [f"/kantor/?status=semua&urut=due_at&halaman={rng.randint(1, 5)}" for _ in range(args.requests // 2)]
        key = "queue_" + who.removeprefix("bench-")
        figures[key] = _time(staff, urls)
        say(f"  /kantor/ ({who})  {figures[key]}")
    figures.update(server_facts(args.db))
    emit("pages", args.db, figures)


if __name__ == "__main__":
    main()
