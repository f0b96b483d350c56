"""Writing the statistics: retract what a report contributed before, add what it contributes now.

Every change is applied as additive deltas with one `INSERT … ON CONFLICT DO UPDATE SET c = c + excluded.c`
per table (the same statement on PostgreSQL and SQLite), rows in a fixed order so two writers lock them in
the same order and never deadlock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import connection

from aduan.stats.facts import COUNTERS, FACT_FIELDS, Facts, contributions, dims_of
from aduan.stats.models import Figure, Histogram, ReportFacts

COUNTER_NAMES = [c.name for c in COUNTERS]
FIGURE_KEY = ("grain", "day", "dim", "key", "sub", "shard")
HISTOGRAM_KEY = ("grain", "day", "dim", "key", "shard")
CHUNK = 400

Key = tuple[str, date, str, str, str, int]
HistogramKey = tuple[str, date, str, str, int]


def periods(day: date) -> list[tuple[str, date]]:
    return [("d", day), ("m", day.replace(day=1)), ("y", day.replace(month=1, day=1))]


class Deltas:
    """Accumulated signed contributions of many reports, ready to write."""

    def __init__(self) -> None:
        self.figures: dict[Key, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTER_NAMES, 0))
        self.histograms: dict[tuple[HistogramKey, str, int], int] = defaultdict(int)

    def add(self, facts: Facts, report_id: int, sign: int) -> None:
        counts, hist = contributions(facts)
        dims = dims_of(facts, report_id)
        for day, row in counts.items():
            for grain, start in periods(day):
                for dim, key, sub, shard in dims:
                    target = self.figures[(grain, start, dim, key, sub, shard)]
                    for name, n in row.items():
                        target[name] += sign * n
        for (day, metric, value), n in hist.items():
            for grain, start in periods(day):
                for dim, key, sub, shard in dims:
                    if not sub:  # crossings count reports, they keep no histograms
                        self.histograms[((grain, start, dim, key, shard), metric, value)] += sign * n

    def write(self) -> None:
        figures = sorted((key, row) for key, row in self.figures.items() if any(row.values()))
        histograms = sorted((key, n) for key, n in self.histograms.items() if n)
        _upsert_figures(figures)
        _upsert_histograms(histograms)


def _upsert_figures(rows: Sequence[tuple[Key, dict[str, int]]]) -> None:
    table = connection.ops.quote_name(Figure._meta.db_table)
    columns = [*FIGURE_KEY, *COUNTER_NAMES]
    sets = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COUNTER_NAMES)
    for chunk in _chunks(rows, CHUNK):
        values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(chunk))
        params: list[Any] = []
        for key, row in chunk:
            params.extend(key)
            params.extend(row[name] for name in COUNTER_NAMES)
        sql = (
            f"INSERT INTO {table} ({', '.join(_q(c) for c in columns)}) VALUES {values} "  # noqa: S608
            f"ON CONFLICT (dim, grain, day, {_q('key')}, sub, shard) DO UPDATE SET {sets}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _upsert_histograms(rows: Sequence[tuple[tuple[HistogramKey, str, int], int]]) -> None:
    table = connection.ops.quote_name(Histogram._meta.db_table)
    columns = [*HISTOGRAM_KEY, "metric", "days", "n"]
    for chunk in _chunks(rows, CHUNK):
        values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
        params: list[Any] = []
        for (key, metric, days), n in chunk:
            params.extend((*key, metric, days, n))
        sql = (
            f"INSERT INTO {table} ({', '.join(_q(c) for c in columns)}) VALUES {values} "  # noqa: S608
            f"ON CONFLICT (dim, grain, day, {_q('key')}, shard, metric, days) "
            f"DO UPDATE SET n = {table}.n + excluded.n"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _chunks(rows: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def save_facts(rows: dict[int, Facts]) -> None:
    """Insert or replace the facts rows of these reports."""
    if not rows:
        return
    ReportFacts.objects.bulk_create(
        [ReportFacts(report_id=pk, **facts) for pk, facts in rows.items()],
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["report"],
        update_fields=list(FACT_FIELDS),
    )


def load_facts(report_ids: Iterable[int]) -> dict[int, Facts]:
    ids = list(report_ids)
    if not ids:
        return {}
    found = ReportFacts.objects.filter(report_id__in=ids).values("report_id", *FACT_FIELDS)
    return {row.pop("report_id"): row for row in found}


def apply(new: dict[int, Facts], old: dict[int, Facts]) -> int:
    """Write the facts of these reports and move the aggregates from `old` to `new`; returns how many
    reports changed."""
    deltas = Deltas()
    changed: dict[int, Facts] = {}
    for pk, facts in new.items():
        before = old.get(pk)
        if before == facts:
            continue
        if before is not None:
            deltas.add(before, pk, -1)
        deltas.add(facts, pk, +1)
        changed[pk] = facts
    if changed:
        save_facts(changed)
        deltas.write()
    return len(changed)
