"""`make bench`: run the benchmarks, one subprocess per (benchmark, database), and print the figures.

    python bench/run.py [--only submit|sweep|reference[,…]] [--db sqlite|postgres|both]
                        [--scale 1000000] [--count 5000] [--reuse]

Settings read DATABASE_URL at import, so every benchmark runs in its own process against its own
database: SQLite in var/bench/bench.sqlite3, PostgreSQL in the database `aduan_bench` (created and
dropped here). The figures are printed as a table at the end and written to var/bench/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchlib import BENCH_VAR, DATABASES, PG_SERVER, RESULT_PREFIX

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("reference", "submit", "sweep", "pages", "kannel", "api", "delivery")
# Which databases each benchmark runs on.
SUPPORTED = {"reference": DATABASES, "submit": DATABASES, "sweep": ("postgres",), "pages": ("postgres",)}
SUPPORTED["kannel"] = DATABASES
SUPPORTED["api"] = DATABASES
SUPPORTED["delivery"] = DATABASES
BENCHMARKS += ("stats",)
SUPPORTED["stats"] = ("postgres",)
BENCHMARKS += ("search",)
SUPPORTED["search"] = ("postgres",)
# Federation: two instances, each its own SQLite file and `aduan serve` (docs/federation.md).
BENCHMARKS += ("federation",)
SUPPORTED["federation"] = ("sqlite",)
BENCHMARKS += ("export",)
SUPPORTED["export"] = ("postgres",)
BENCHMARKS += ("oversight",)
SUPPORTED["oversight"] = ("postgres",)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", default=",".join(BENCHMARKS), help="comma-separated benchmarks to run: " + ", ".join(BENCHMARKS)
    )
    parser.add_argument("--db", choices=[*DATABASES, "both"], default="both")
    parser.add_argument("--scale", type=int, default=1_000_000, help="open reports for the sweep benchmark")
    parser.add_argument("--count", type=int, default=5000, help="timed submits per database")
    parser.add_argument("--reuse", action="store_true", help="sweep: keep/clone the generated data (see sweep.py)")
    parser.add_argument("--output", type=Path, default=BENCH_VAR / "results.json")
    args = parser.parse_args()
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(only) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    databases = DATABASES if args.db == "both" else (args.db,)

    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "arguments": {"only": only, "db": list(databases), "scale": args.scale, "count": args.count},
        "results": [],
    }
    for name in BENCHMARKS:
        if name not in only:
            continue
        for db in databases:
            if db not in SUPPORTED[name]:
                print(f"== {name} on {db}: not run ({name} is benchmarked on {', '.join(SUPPORTED[name])} only)")
                continue
            extra = {
                "submit": ["--count", str(args.count)],
                "sweep": ["--scale", str(args.scale), *(["--reuse"] if args.reuse else [])],
            }.get(name, [])
            report["results"].append(_run(name, db, extra))
            _save(args.output, report)
    report["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    report["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    _save(args.output, report)
    print()
    print(table(report["results"]))
    print(f"\nFigures written to {args.output}")
    if any("error" in result for result in report["results"]):
        sys.exit(1)


def _run(name: str, db: str, extra: list[str]) -> dict[str, Any]:
    command = [sys.executable, str(HERE / f"{name}.py"), "--db", db, *extra]
    print(f"== {name} on {db}: {' '.join(command[1:])}", flush=True)
    started = time.perf_counter()
    result: dict[str, Any] | None = None
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env) as proc:
        assert proc.stdout is not None
        tail: list[str] = []
        for line in proc.stdout:
            if line.startswith(RESULT_PREFIX):
                result = json.loads(line[len(RESULT_PREFIX) :])
                continue
            print(line, end="", flush=True)
            tail = [*tail[-19:], line.rstrip()]
    elapsed = round(time.perf_counter() - started, 1)
    if proc.returncode != 0 or result is None:
        return {
            "benchmark": name,
            "db": db,
            "error": f"exit code {proc.returncode}",
            "output_tail": tail,
            "wall_s": elapsed,
        }
    return {**result, "wall_s": elapsed}


def _machine() -> dict[str, Any]:
    facts: dict[str, Any] = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "postgres_server": PG_SERVER,
    }
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            facts["memory_gb"] = round(int(handle.readline().split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return facts


def _save(path: Path, report: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")


def _verdict(value: float | None, target: float, higher_is_better: bool) -> str:
    if value is None:
        return ""
    ok = value >= target if higher_is_better else value < target
    return "ok" if ok else "MISSED"


def _federation_rows(result: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    delay = result["delay_ms"]
    return [
        ("reports forwarded between two instances", f"{result['forwarded_per_second']:,.1f}/s", "", ""),
        (f"handler steps synced ({result['synced_steps']})", f"{result['synced_per_second']:,.1f} events/s", "", ""),
        (
            f"answer to its appearance at the origin, under load ({result['under_load_steps']} steps)",
            f"median {delay['median_ms'] / 1000:.1f} s, p95 {delay['p95_ms'] / 1000:.1f} s",
            "",
            f"{result['arrived']} arrived",
        ),
    ]


def _search_rows(result: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    page = result["search_page"]
    lines = []
    if "reindex_s" in result:
        lines.append(
            (
                "aduan search-reindex",
                f"{result['documents']:,} documents in {result['reindex_s']:.0f} s "
                f"(table {result['index_table_mb']:.0f} MB, GIN {result['gin_mb']:.0f} MB)",
                "",
                "",
            )
        )
    lines.append(
        (
            f"/laporan/?q=… ({page['queries']} queries x {page['requests'] // page['queries']})",
            f"median {page['median_ms']:.1f} ms, p95 {page['p95_ms']:.1f} ms",
            f"p95 < {page['target_p95_ms']} ms",
            _verdict(page["p95_ms"], page["target_p95_ms"], higher_is_better=False),
        )
    )
    return lines


def rows(result: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(figure, value, target, verdict) lines for one benchmark result."""
    name = result["benchmark"]
    if "error" in result:
        return [("FAILED", result["error"], "", "")]
    if name == "reference":
        return [
            ("migrate", f"{result['migrate_s']:.2f} s", "", ""),
            ("first load (empty database)", f"{result['first_load_s']:.2f} s", "", ""),
            (
                "second load (unchanged)",
                f"{result['second_load_s'] * 1000:.1f} ms"
                + (" (skipped)" if result.get("second_load_skipped") else ""),
                "",
                "",
            ),
            ("forced reload (upsert all)", f"{result['forced_reload_s']:.2f} s", "", ""),
            (
                "rows",
                f"{result['regions']:,} regions, {result['institutions']:,} institutions, "
                f"{result['categories']} categories",
                "",
                "",
            ),
        ]
    if name == "submit":
        target = result["target_per_second"]
        return [
            (
                f"{result['count']:,} submits, one process",
                f"{result['per_second']:,.0f} reports/s",
                f">= {target:,}/s",
                _verdict(result["per_second"], target, higher_is_better=True),
            ),
            (
                "per submit median / p95 / p99",
                f"{result['median_ms']:.2f} / {result['p95_ms']:.2f} / {result['p99_ms']:.2f} ms",
                "",
                "",
            ),
            ("client CPU per submit", f"{result['process_cpu_ms_per_submit']:.2f} ms", "", ""),
            ("queries per submit", f"{result['queries_per_submit']}", "", ""),
        ]
    if name == "api":
        return [
            (
                f"POST /api/v1/reports, {result['connections']} conn., {result['server_workers']} workers",
                f"{result['per_second']:,.0f} reports/s",
                f">= {result['target_per_second']:,}/s",
                _verdict(result["per_second"], result["target_per_second"], higher_is_better=True),
            ),
            (
                "per request median / p90 / p99",
                f"{result['median_ms']:.1f} / {result['p90_ms']:.1f} / {result['p99_ms']:.1f} ms",
                f"p99 < {result['target_p99_ms']} ms",
                _verdict(result["p99_ms"], result["target_p99_ms"], higher_is_better=False),
            ),
            ("non-201 / socket errors", f"{result['non_2xx']} / {result['socket_errors'] or 0}", "", ""),
            (
                "for scale: GET /api/v1/regions (one query)",
                f"{result['baseline_get_per_second']:,.0f} req/s, p99 {result['baseline_get_p99_ms']} ms",
                "",
                "",
            ),
        ]
    if name == "kannel":
        return [
            (
                f"SMS via Kannel receive URL, {result['connections']} conn., {result['server_workers']} workers",
                f"{result['reports_per_second']:,.0f} reports/s",
                "",
                "",
            ),
            (
                "per request median / p90 / p99",
                f"{result['median_ms']:.1f} / {result['p90_ms']:.1f} / {result['p99_ms']:.1f} ms",
                "",
                "",
            ),
            ("non-2xx / socket errors", f"{result['non_2xx']} / {result['socket_errors']}", "", ""),
        ]
    if name == "pages":
        return [
            (
                f"{label}",
                f"{result[key]['pages_per_s']:,.0f} pages/s, median {result[key]['median_ms']:.1f} ms, "
                f"p95 {result[key]['p95_ms']:.1f} ms",
                "p95 < 50 ms",
                _verdict(result[key]["p95_ms"], 50, higher_is_better=False),
            )
            for key, label in [
                ("report_page", "/laporan/<code>/"),
                ("public_list", "/laporan/ (pages, region filters)"),
                ("queue_admin", "/kantor/ regency admin"),
                ("queue_verifier", "/kantor/ national verifier"),
            ]
            if key in result
        ]
    if name == "stats":
        return _stats_rows(result)
    if name == "search":
        return _search_rows(result)
    if name == "federation":
        return _federation_rows(result)
    if name == "export":
        return _export_rows(result)
    first, second = result["first"], result["second"]
    target = result["target_seconds"]
    counts = ", ".join(f"{k} {v:,}" for k, v in first["counts"].items())
    lines = [
        (
            "open reports generated (COPY)",
            f"{result['scale']:,} in {result['generate_s']:.0f} s ({result.get('generated_per_second') or 0:,}/s)",
            "",
            "",
        ),
        (
            "first sweep",
            f"{first['seconds']:.2f} s, {first['total']:,} changed",
            f"< {target:.0f} s",
            _verdict(first["seconds"], target, higher_is_better=False),
        ),
        ("  per rule", counts, "", "" if result.get("counts_match") else "differs from planted"),
        ("  per rule seconds", ", ".join(f"{k} {v:.1f}" for k, v in first["per_rule_s"].items()), "", ""),
        (
            "second sweep",
            f"{second['seconds']:.2f} s, {second['total']:,} changed",
            f"< {target:.0f} s",
            _verdict(second["seconds"], target, higher_is_better=False),
        ),
        (
            "audit verify sample",
            f"{result['audit_sample']['reports']} reports, {result['audit_sample']['problems']} problems",
            "0 problems",
            "ok" if result["audit_sample"]["problems"] == 0 else "MISSED",
        ),
    ]
    if "full_audit" in result:
        lines.append(
            (
                "full audit verify",
                f"{result['full_audit']['seconds']:.0f} s, {result['full_audit']['problems']} problems",
                "",
                "",
            )
        )
    return lines


def _stats_rows(result: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    lines = []
    if "rebuild_s" in result:
        lines.append(
            (
                "aduan stats-rebuild",
                f"{result['rebuild_s']:.0f} s, peak RSS {result['rebuild_peak_rss_mb']} MB, "
                f"{result['facts_rows']:,} facts, {result['figure_rows']:,} figure rows",
                "",
                "",
            )
        )
    for key, label in [
        ("statistik_national", "/statistik/ national (periods)"),
        ("statistik_filtered", "/statistik/ filtered"),
        ("institution_page", "/instansi/<slug>/ (busiest)"),
        ("widget", "/widget/instansi/<slug>/"),
    ]:
        if key in result:
            lines.append(
                (
                    label,
                    f"median {result[key]['median_ms']:.1f} ms, p95 {result[key]['p95_ms']:.1f} ms",
                    "p95 < 200 ms",
                    _verdict(result[key]["p95_ms"], 200, higher_is_better=False),
                )
            )
    return lines


def table(results: list[dict[str, Any]]) -> str:
    lines = [("benchmark", "db", "figure", "value", "target", "")]
    for result in results:
        for figure, value, target, verdict in rows(result):
            lines.append((result["benchmark"], result["db"], figure, value, target, verdict))
    widths = [max(len(line[i]) for line in lines) for i in range(5)]
    out = []
    for index, line in enumerate(lines):
        out.append("  ".join(cell.ljust(width) for cell, width in zip(line, [*widths, 0], strict=True)).rstrip())
        if index == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)


def _export_rows(result: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    lines = []
    for fmt, figures in result["formats"].items():
        lines.append(
            (
                f"/data/laporan.{fmt}, {result['reports']:,} public reports",
                f"{figures['seconds']:.0f} s ({figures['rows_per_s']:,} rows/s), {figures['megabytes']:,} MB, "
                f"first byte {figures['first_byte_s']} s",
                "",
                "",
            )
        )
        lines.append(
            (
                f"  peak memory ({fmt}; before the export)",
                f"{figures['peak_rss_mb']} MB ({figures['peak_rss_mb_before']} MB)",
                f"< {figures['target_mb']} MB",
                _verdict(figures["peak_rss_mb"], figures["target_mb"], higher_is_better=False),
            )
        )
    return lines


if __name__ == "__main__":
    main()
