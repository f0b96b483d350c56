"""Search with a million reports (issue 5): `aduan search-reindex` over the whole database, then searches of
realistic Indonesian queries through the public list page `/laporan/?q=`, in-process through Django's full
request stack (middleware, templates, highlights), one after another.

    python bench/search.py --db postgres [--rounds 5] [--reuse] [--keep]

The data is the million-report database `aduan_bench_pages` (bench/pages.py; 1M reports, ~627k public),
cloned into `aduan_bench_search` and migrated (which adds the search tables); `search-reindex` then indexes
every public report and is timed. `--reuse` keeps an existing, already indexed `aduan_bench_search` as it is
(no clone, no reindex). Target: p95 under 100 ms per search page.
"""

from __future__ import annotations

import os
import time
from typing import Any

os.environ.setdefault("BENCH_PG_DB", "aduan_bench_search")

from benchlib import (
    PG_DB,
    PG_SERVER,
    arguments,
    claim,
    drop_database,
    emit,
    migrate,
    say,
    server_facts,
    setup_django,
    summary_ms,
)

SOURCE = os.environ.get("BENCH_SEARCH_SOURCE", "aduan_bench_pages")
TARGET_P95_MS = 100
# What people type: common and rare words, several words, a filter or two, a later page.
QUERIES: list[dict[str, str]] = [
    {"q": "jalan rusak"},
    {"q": "banjir"},
    {"q": "pungutan liar sekolah"},
    {"q": "puskesmas"},
    {"q": "bantuan sosial"},
    {"q": "jalan berlubang"},
    {"q": "lampu penerangan jalan padam"},
    {"q": "sampah tidak diangkut"},
    {"q": "akta kelahiran"},
    {"q": "KTP-el belum jadi"},
    {"q": "obat kosong"},
    {"q": "BLT dana desa tidak tepat sasaran"},
    {"q": "izin usaha OSS"},
    {"q": "kartu BPJS tidak aktif"},
    {"q": "jalan rusak", "wilayah": "33"},
    {"q": "banjir", "wilayah": "35.07"},
    {"q": "puskesmas", "status": "responded"},
    {"q": "sekolah", "klasifikasi": "complaint", "halaman": "3"},
    {"q": "banjir -jalan"},
    {"q": "jembatan gantung putus"},  # no match
]


def _clone() -> None:
    import psycopg

    claim("postgres")
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
        for attempt in range(30):  # the template must have no other session
            try:
                conn.execute(f'CREATE DATABASE "{PG_DB}" TEMPLATE "{SOURCE}"')
                return
            except psycopg.errors.ObjectInUse:
                say(f"  {SOURCE} in use, retrying ({attempt + 1})")
                time.sleep(10)
    raise SystemExit(f"could not clone {SOURCE}: other sessions keep using it")


def _reindex() -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("search_reindex", verbosity=1)
    took = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")
        cursor.execute(
            "SELECT count(*), pg_total_relation_size('search_searchdocument'), "
            "pg_relation_size('search_document_vector') FROM search_searchdocument"
        )
        documents, table_bytes, gin_bytes = cursor.fetchone()
    return {
        "reindex_s": round(took, 1),
        "documents": documents,
        "index_table_mb": round(table_bytes / 2**20, 1),
        "gin_mb": round(gin_bytes / 2**20, 1),
    }


def _time(client: Any, params: list[dict[str, str]], rounds: int) -> tuple[list[float], dict[str, Any]]:
    for query in params:  # warm: the first request of each query reads its pages from disk
        client.get("/laporan/", query)
    seconds: list[float] = []
    per_query: dict[str, list[float]] = {}
    statuses: set[int] = set()
    for _round in range(rounds):
        for query in params:
            t0 = time.perf_counter()
            response = client.get("/laporan/", query)
            took = time.perf_counter() - t0
            seconds.append(took)
            key = "&".join(f"{k}={v}" for k, v in query.items())
            per_query.setdefault(key, []).append(took)
            statuses.add(response.status_code)
    detail = {key: {"median_ms": round(sorted(v)[len(v) // 2] * 1000, 1)} for key, v in per_query.items()}
    return seconds, {"statuses": sorted(statuses), "per_query": detail}


def main() -> None:
    parser = arguments(__doc__.splitlines()[0], databases=("postgres",))
    parser.add_argument("--rounds", type=int, default=5, help="times each query is timed")
    parser.add_argument("--reuse", action="store_true", help=f"use {PG_DB} as it is (already cloned and indexed)")
    args = parser.parse_args()
    if not args.reuse:
        _clone()
    setup_django(args.db)
    from django.test import Client

    figures: dict[str, Any] = {"source": SOURCE, "migrate_s": round(migrate(), 1)}
    if not args.reuse:
        figures.update(_reindex())
        say(f"  search-reindex: {figures['documents']:,} documents in {figures['reindex_s']} s")
    client = Client(HTTP_HOST="127.0.0.1")
    seconds, detail = _time(client, QUERIES, args.rounds)
    plain = [t for query, t in zip(QUERIES * args.rounds, seconds, strict=True) if set(query) == {"q"}]
    figures["search_page_words_only"] = summary_ms(plain)
    figures["search_page"] = {
        "requests": len(seconds),
        "queries": len(QUERIES),
        **summary_ms(seconds),
        "target_p95_ms": TARGET_P95_MS,
        **detail,
    }
    say(f"  /laporan/?q=…  {summary_ms(seconds)}")
    say(f"  words only     {figures['search_page_words_only']}")
    for key, value in detail["per_query"].items():
        say(f"    {key:45} {value['median_ms']:8.1f} ms")
    figures.update(server_facts(args.db))
    if not args.keep and not args.reuse:
        drop_database(args.db)
    emit("search", args.db, figures)


if __name__ == "__main__":
    main()
