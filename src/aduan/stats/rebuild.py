"""`aduan stats-rebuild`: the statistics from the reports as they are, for existing data or after a
calendar change (working days are computed with the calendar of the day they were stored).

Facts are recomputed in batches of reports read in primary-key order (flat memory), then every aggregate
is one set-based `INSERT … SELECT … GROUP BY` per (day field, dimension, grain) from the facts, built from
the same counter definitions as the incremental path (`facts.COUNTERS`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, Least, Mod, TruncMonth, TruncYear

from aduan.core.calendar import get_calendar
from aduan.reports.models import Report
from aduan.stats import facts as F_
from aduan.stats.facts import COUNTERS, HISTOGRAM_CAP, HISTOGRAMS, SHARDS
from aduan.stats.models import Figure, Histogram, ReportFacts
from aduan.stats.store import COUNTER_NAMES, _q, save_facts

BATCH = 5000

# (dimension, key expression, sub expression, condition) for the aggregates; the same rows as
# `facts.dims_of`.
_INSTITUTION = Cast("institution_id", CharField())
_UNIT = Cast("unit_id", CharField())
_CATEGORY = Cast("category_id", CharField())
_PARENT = Cast("category_parent_id", CharField())
_TOP = Coalesce(Cast("category_parent_id", CharField()), Cast("category_id", CharField()))
_HAS_UNIT = Q(unit_id__isnull=False) & ~Q(unit_id=F("institution_id"))
_HAS_PROVINCE = ~Q(province="")
_HAS_CATEGORY = Q(category_id__isnull=False)
EMPTY = Value("")
DIMS: list[tuple[str, Any, Any, Q]] = [
    ("a", EMPTY, EMPTY, Q()),
    ("i", _INSTITUTION, EMPTY, Q(institution_id__isnull=False)),
    ("i", _UNIT, EMPTY, _HAS_UNIT),
    ("p", F("province"), EMPTY, _HAS_PROVINCE),
    ("r", F("regency"), EMPTY, ~Q(regency="")),
    ("c", _CATEGORY, EMPTY, _HAS_CATEGORY),
    ("c", _PARENT, EMPTY, Q(category_parent_id__isnull=False)),
    ("pc", F("province"), _TOP, _HAS_PROVINCE & _HAS_CATEGORY),
    ("ic", _INSTITUTION, _TOP, Q(institution_id__isnull=False) & _HAS_CATEGORY),
    ("ic", _UNIT, _TOP, _HAS_UNIT & _HAS_CATEGORY),
    ("cp", _CATEGORY, F("province"), _HAS_PROVINCE & _HAS_CATEGORY),
    ("cp", _PARENT, F("province"), _HAS_PROVINCE & Q(category_parent_id__isnull=False)),
]
GRAINS: dict[str, Callable[[str], Any]] = {"d": F, "m": TruncMonth, "y": TruncYear}


def rebuild(progress: Callable[[str], None] = lambda _m: None) -> dict[str, int]:
    F_.clear_caches()
    with transaction.atomic():
        Figure.objects.all().delete()
        Histogram.objects.all().delete()
        ReportFacts.objects.all().delete()
        reports = rebuild_facts(progress)
        progress(f"facts: {reports} reports")
        rebuild_aggregates(progress)
    if connection.vendor == "postgresql":
        # Drop the replaced rows' dead index entries, set the visibility map and the planner's statistics
        # (measured: the pages' reads take half the time afterwards). VACUUM needs autocommit.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            for model in (ReportFacts, Figure, Histogram):
                cursor.execute(f"{command} {_q(model._meta.db_table)}")
    return {
        "reports": reports,
        "figures": Figure.objects.count(),
        "histograms": Histogram.objects.count(),
    }


def rebuild_facts(progress: Callable[[str], None]) -> int:
    calendar = get_calendar()
    last, done = 0, 0
    while True:
        batch = list(Report.objects.filter(pk__gt=last).order_by("pk").values(*F_.REPORT_FIELDS)[:BATCH])
        if not batch:
            return done
        save_facts({row["id"]: F_.facts_of(row, calendar) for row in batch})
        last = batch[-1]["id"]
        done += len(batch)
        if done % (BATCH * 20) == 0:
            progress(f"facts: {done}")


def rebuild_aggregates(progress: Callable[[str], None]) -> None:
    day_fields = sorted({c.day_field for c in COUNTERS})
    for dim, key, sub, condition in DIMS:
        shard = Mod("report_id", SHARDS) if dim == "a" else Value(0)
        for grain, trunc in GRAINS.items():
            for day_field in day_fields:
                counters = [c for c in COUNTERS if c.day_field == day_field]
                sums = {c.name: _sum(c) for c in counters}
                query = (
                    ReportFacts.objects.filter(condition, confidential=False, **{f"{day_field}__isnull": False})
                    .values(d=trunc(day_field), k=key, u=sub, s=shard)
                    .annotate(**sums)
                    .order_by()
                )
                _insert_select(Figure, grain, dim, query, {c.name: c.name for c in counters})
            for metric, (day_field, value_field) in HISTOGRAMS.items() if len(dim) == 1 else ():
                query = (
                    ReportFacts.objects.filter(
                        condition,
                        confidential=False,
                        **{f"{day_field}__isnull": False, f"{value_field}__isnull": False},
                    )
                    .values(d=trunc(day_field), k=key, s=shard, b=Least(value_field, Value(HISTOGRAM_CAP + 1)))
                    .annotate(n=Count("pk"))
                    .order_by()
                )
                _insert_select(Histogram, grain, dim, query, {"n": "n"}, metric=metric)
        progress(f"aggregates: dimension {dim}")


def _sum(counter: Any) -> Sum:
    value = counter.expression if counter.value else Value(1)
    if not counter.condition:
        return Sum(value, output_field=IntegerField())
    return Sum(Case(When(counter.condition, then=value), default=0, output_field=IntegerField()))


def _insert_select(  # noqa: PLR0917
    model: type[Figure] | type[Histogram],
    grain: str,
    dim: str,
    query: QuerySet,
    columns: dict[str, str],
    metric: str = "",
) -> None:
    table = _q(model._meta.db_table)
    sql, params = query.query.sql_with_params()
    if model is Figure:
        names = [*COUNTER_NAMES]
        select = [f"sub.{columns[n]}" if n in columns else "0" for n in names]
        conflict = f"dim, grain, day, {_q('key')}, sub, shard"
        extra_cols, extra_vals = ["sub"], ["sub.u"]
    else:
        names = ["n"]
        select = ["sub.n"]
        conflict = f"dim, grain, day, {_q('key')}, shard, metric, days"
        extra_cols, extra_vals = ["metric", "days"], ["%s", "sub.b"]
    sets = ", ".join(f"{n} = {table}.{n} + excluded.{n}" for n in names)
    insert_cols = ["grain", "day", "dim", _q("key"), "shard", *extra_cols, *names]
    select_vals = ["%s", "sub.d", "%s", "sub.k", "sub.s", *extra_vals, *select]
    statement = (
        f"INSERT INTO {table} ({', '.join(insert_cols)}) SELECT {', '.join(select_vals)} FROM ({sql}) sub "  # noqa: S608
        f"WHERE true ON CONFLICT ({conflict}) DO UPDATE SET {sets}"
    )
    head = [grain, dim] + ([metric] if model is Histogram else [])
    with connection.cursor() as cursor:
        cursor.execute(statement, [*head, *params])
