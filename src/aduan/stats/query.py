"""Reading the statistics for a scope (nation, institution, region, category) and a period.

One filter (or a region down to regency level) reads the aggregates: a bounded number of rows whatever the
period. Filters combined, or a district or village, read the per-report facts of that scope, refused above
`FACTS_CAP` reports (the page asks to narrow the filters) so no request scans without bound."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, When
from django.utils.translation import gettext as _

from aduan.institutions.models import Institution, Region
from aduan.reports.models import ArchiveReason, Category
from aduan.stats.facts import COUNTERS, FACT_FIELDS, HISTOGRAM_CAP, HISTOGRAMS, bucket, contributions
from aduan.stats.models import Figure, Histogram, ReportFacts
from aduan.stats.period import Period, cover

FACTS_CAP = 50_000
RANK_MIN_DUE = 10  # an institution is ranked once this many follow-up deadlines fell in the period
RANK_SHOWN = 10
TOP = 10
COUNTER_NAMES = [c.name for c in COUNTERS]
DEADLINE_COUNTERS = ("due", "on_time")  # counted on a deadline day: only days before today


class TooBroad(ValueError):
    """The filters combined cover too many reports to compute per request."""


@dataclass(frozen=True)
class Scope:
    institution: Institution | None = None
    region: Region | None = None
    category: Category | None = None

    @property
    def filters(self) -> int:
        return sum(x is not None for x in (self.institution, self.region, self.category))

    @property
    def rollup(self) -> tuple[str, str] | None:
        """The aggregate rows of this scope, or None when it needs the facts."""
        if self.filters == 0:
            return ("a", "")
        if self.filters > 1:
            return None
        if self.institution is not None:
            return ("i", str(self.institution.pk))
        if self.category is not None:
            return ("c", str(self.category.pk))
        assert self.region is not None
        if self.region.level == Region.Level.PROVINCE:
            return ("p", self.region.code)
        if self.region.level == Region.Level.REGENCY:
            return ("r", self.region.code)
        return None

    def population(self) -> int | None:
        if self.filters == 0 or (self.filters == 1 and self.category is not None):
            return national_population()
        if self.filters == 1 and self.institution is not None:
            return self.institution.population
        if self.filters == 1 and self.region is not None:
            return self.region.population
        return None


@lru_cache(maxsize=1)
def _provinces() -> dict[str, tuple[str, int | None]]:
    return {
        code: (name, population)
        for code, name, population in Region.objects.filter(level=Region.Level.PROVINCE).values_list(
            "code", "name", "population"
        )
    }


def provinces() -> dict[str, tuple[str, int | None]]:
    found = _provinces()
    if not found:
        _provinces.cache_clear()
    return found


def national_population() -> int | None:
    total = sum(p or 0 for _name, p in provinces().values())
    return total or None


@dataclass
class Summary:
    counts: dict[str, int]
    verify_days: Counter[int] = field(default_factory=Counter)
    response_days: Counter[int] = field(default_factory=Counter)
    population: int | None = None

    def __getattr__(self, name: str) -> Any:
        counts = self.__dict__.get("counts", {})
        if name in counts:
            return counts[name]
        raise AttributeError(name)

    @property
    def archived(self) -> int:
        return sum(self.counts[f"archived_{r}"] for r in ArchiveReason.values)

    @property
    def archived_by_reason(self) -> list[tuple[str, str, int]]:
        return [(value, str(label), self.counts[f"archived_{value}"]) for value, label in ArchiveReason.choices]

    @property
    def completed(self) -> int:
        return self.counts["confirmed"] + self.counts["silence"]

    @property
    def share_on_time(self) -> float | None:
        return 100 * self.counts["on_time"] / self.counts["due"] if self.counts["due"] else None

    @property
    def per_100k(self) -> float | None:
        return 100_000 * self.counts["received"] / self.population if self.population else None

    @property
    def verify_median(self) -> float | None:
        return median(self.verify_days)

    @property
    def verify_p90(self) -> int | None:
        return percentile(self.verify_days, 90)

    @property
    def response_median(self) -> float | None:
        return median(self.response_days)

    @property
    def response_p90(self) -> int | None:
        return percentile(self.response_days, 90)


def median(counts: Counter[int]) -> float | None:
    """The median of a histogram: the middle value, or the mean of the two middle values."""
    total = sum(counts.values())
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]
    found: list[int] = []
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        while len(found) < 2 and wanted[len(found)] < seen:
            found.append(value)
    return sum(found) / 2


def percentile(counts: Counter[int], p: int) -> int | None:
    """Nearest-rank percentile: the smallest value with at least p% of the reports at or below it."""
    total = sum(counts.values())
    if not total:
        return None
    rank = -(-p * total // 100)  # ceil
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= rank:
            return value
    return None


def cover_q(period: Period, today: date, years: bool = True) -> Q:
    query = Q(pk__in=[])
    for grain, first, last in cover(period, today, years):
        query |= Q(grain=grain, day__gte=first, day__lte=last)
    return query


def _sums(today: date) -> dict[str, Any]:
    sums: dict[str, Any] = {}
    for name in COUNTER_NAMES:
        if name in DEADLINE_COUNTERS:
            sums[name] = Sum(Case(When(day__lt=today, then=name), default=0, output_field=IntegerField()))
        else:
            sums[name] = Sum(name)
    return sums


# --- the facts path ---


def facts_rows(scope: Scope, period: Period) -> list[dict[str, Any]]:
    query = facts_query(scope).filter(submitted_day__lte=period.end, last_day__gte=period.start)
    rows = list(query.values("report_id", *FACT_FIELDS)[: FACTS_CAP + 1])
    if len(rows) > FACTS_CAP:
        raise TooBroad(
            _(
                "Kombinasi filter ini mencakup lebih dari %(n)s laporan. Persempit periode atau gunakan satu filter "
                "saja."
            )
            % {"n": f"{FACTS_CAP:,}".replace(",", ".")}
        )
    return rows


def facts_query(scope: Scope) -> QuerySet[ReportFacts]:
    query = ReportFacts.objects.filter(confidential=False)  # never counted (docs/statistics.md)
    if scope.institution is not None:
        key = scope.institution.pk
        query = query.filter(Q(institution_id=key) | Q(unit_id=key))
    if scope.region is not None:
        level = scope.region.level
        if level == Region.Level.PROVINCE:
            query = query.filter(province=scope.region.code)
        elif level == Region.Level.REGENCY:
            query = query.filter(regency=scope.region.code)
        elif level == Region.Level.DISTRICT:
            query = query.filter(district=scope.region.code)
        else:
            query = query.filter(region_code=scope.region.code)
    if scope.category is not None:
        key = scope.category.pk
        query = query.filter(Q(category_id=key) | Q(category_parent_id=key))
    return query


def _from_facts(rows: list[dict[str, Any]], period: Period, today: date) -> tuple[Summary, dict[date, list[int]]]:
    counts = dict.fromkeys(COUNTER_NAMES, 0)
    hists: dict[str, Counter[int]] = {metric: Counter() for metric in HISTOGRAMS}
    months: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        per_day, hist = contributions(row)
        for day, row_counts in per_day.items():
            if not period.start <= day <= period.end:
                continue
            for name, n in row_counts.items():
                if name in DEADLINE_COUNTERS and day >= today:
                    continue
                counts[name] += n
            month = months[day.replace(day=1)]
            month[0] += row_counts.get("received", 0)
            month[1] += row_counts.get("responded", 0)
        for (day, metric, value), n in hist.items():
            if period.start <= day <= period.end:
                hists[metric][value] += n
    return Summary(counts, hists["v"], hists["r"]), months


# --- what a page shows ---


def summary(scope: Scope, period: Period, today: date) -> Summary:
    rollup = scope.rollup
    if rollup is None:
        result, _months = _from_facts(facts_rows(scope, period), period, today)
    else:
        dim, key = rollup
        where = Q(dim=dim, key=key) & cover_q(period, today)
        totals = Figure.objects.filter(where).aggregate(**_sums(today))
        result = Summary({name: totals[name] or 0 for name in COUNTER_NAMES})
        for metric, days, n in (
            Histogram.objects.filter(where).values_list("metric", "days").annotate(n=Sum("n")).order_by()
        ):
            if n:
                (result.verify_days if metric == "v" else result.response_days)[days] += n
    result.population = scope.population()
    return result


def series(scope: Scope, period: Period, today: date) -> list[tuple[date, int, int]]:
    """(first day of month, received, responded) for every month of the period."""
    rollup = scope.rollup
    if rollup is None:
        _summary, months = _from_facts(facts_rows(scope, period), period, today)
    else:
        dim, key = rollup
        months = defaultdict(lambda: [0, 0])
        rows = (
            Figure.objects.filter(Q(dim=dim, key=key) & cover_q(period, today, years=False))
            .values_list("day")
            .annotate(Sum("received"), Sum("responded"))
            .order_by()
        )
        for day, received, responded in rows:
            month = months[day.replace(day=1)]
            month[0] += received or 0
            month[1] += responded or 0
    result = []
    month = period.start.replace(day=1)
    while month <= period.end:
        received, responded = months.get(month, (0, 0))
        result.append((month, received, responded))
        month = (month.replace(day=28) + _days(4)).replace(day=1)
    return result


def _days(n: int) -> Any:
    from datetime import timedelta

    return timedelta(days=n)


def _by_key(
    dim: str, period: Period, today: date, keys: list[str] | None = None, key: str | None = None
) -> dict[str, int]:
    """Received per key of a dimension (or per `sub` of one key of a crossing)."""
    query = Figure.objects.filter(Q(dim=dim) & cover_q(period, today))
    if keys is not None:
        query = query.filter(key__in=keys)
    group = "key"
    if key is not None:
        query, group = query.filter(key=key), "sub"
    return {k: n for k, n in query.values_list(group).annotate(Sum("received")).order_by() if n}


def _crossing(scope: Scope, period: Period, field_name: str) -> dict[Any, int] | None:
    """Reports received in the period within the scope, counted by a facts field; None above the cap."""
    query = facts_query(scope).filter(submitted_day__gte=period.start, submitted_day__lte=period.end)
    if query.order_by()[: FACTS_CAP + 1].count() > FACTS_CAP:
        return None
    return {
        key: n
        for key, n in query.values_list(field_name).annotate(n=Count("pk")).order_by()
        if key is not None and key != ""
    }


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    n: int
    url: str = ""


def top_categories(scope: Scope, period: Period, today: date) -> list[Bar] | None:
    """The ten categories with most reports received: top-level ones, or a category's sub-categories."""
    categories = {c.pk: c for c in Category.objects.only("pk", "code", "name", "parent_id")}
    parent = scope.category.pk if scope.category is not None else None
    wanted = [pk for pk, c in categories.items() if c.parent_id == parent]
    if not wanted:
        return []
    counts: dict[Any, int] | None
    if scope.filters == 0 or (scope.filters == 1 and scope.category is not None):
        counts = {int(k): n for k, n in _by_key("c", period, today, [str(pk) for pk in wanted]).items()}
    elif scope.filters == 1 and scope.region is not None and scope.region.level == Region.Level.PROVINCE:
        counts = {int(k): n for k, n in _by_key("pc", period, today, key=scope.region.code).items()}
    elif scope.filters == 1 and scope.institution is not None:
        counts = {int(k): n for k, n in _by_key("ic", period, today, key=str(scope.institution.pk)).items()}
    else:
        counts = _crossing(scope, period, "category_id")
        if counts is None:
            return None
        if scope.category is None:  # sub-categories count for their parent
            rolled: dict[Any, int] = {}
            for pk, n in counts.items():
                top = (categories[pk].parent_id or pk) if pk in categories else pk
                rolled[top] = rolled.get(top, 0) + n
            counts = rolled
    bars = [Bar(categories[pk].code, categories[pk].name, n) for pk, n in counts.items() if pk in wanted and n]
    return sorted(bars, key=lambda b: (-b.n, b.label))[:TOP]


def by_province(scope: Scope, period: Period, today: date) -> dict[str, int] | None:
    """Reports received per province code in the period."""
    if scope.filters == 0:
        return _by_key("p", period, today)
    if scope.filters == 1 and scope.category is not None:
        return _by_key("cp", period, today, key=str(scope.category.pk))
    return _crossing(scope, period, "province")


def by_regency(scope: Scope, period: Period, today: date) -> list[Bar] | None:
    """For a province: its regencies and cities, received per 100,000 inhabitants."""
    if scope.region is None or scope.region.level != Region.Level.PROVINCE:
        return None
    if scope.filters == 1:
        codes = list(Region.objects.filter(parent_id=scope.region.code).values_list("code", flat=True))
        counts = _by_key("r", period, today, keys=codes)
    else:
        counts = _crossing(scope, period, "regency")
        if counts is None:
            return None
    regions = Region.objects.filter(code__in=list(counts)).only("code", "name", "population")
    return sorted((Bar(r.code, r.name, counts[r.code]) for r in regions), key=lambda b: (-b.n, b.key))


@dataclass(frozen=True)
class Rank:
    institution: Institution
    received: int
    responded: int
    due: int
    on_time: int
    median_days: float | None = None

    @property
    def share(self) -> float:
        return 100 * self.on_time / self.due if self.due else 0.0


def ranking_candidates(scope: Scope) -> QuerySet[Institution] | None:
    base = Institution.objects.filter(active=True).only(
        "pk", "name", "short_name", "slug", "code", "kind", "population"
    )
    if scope.category is not None:
        return None
    if scope.institution is not None:
        return base.filter(parent=scope.institution)
    excluded = [Institution.Kind.UNIT, Institution.Kind.OPERATOR, Institution.Kind.OVERSIGHT]
    if scope.region is not None:
        return base.filter(region__code__startswith=scope.region.code).exclude(kind__in=excluded)
    return base.exclude(kind__in=excluded)


def ranking(scope: Scope, period: Period, today: date, minimum: int = RANK_MIN_DUE) -> list[Rank] | None:
    """Institutions by share of follow-ups answered within the deadline (then by received); all of them,
    ranked ones first. Ranked: at least `minimum` deadlines fell in the period."""
    candidates = ranking_candidates(scope)
    if candidates is None:
        return None
    names = {str(i.pk): i for i in candidates}
    query = Figure.objects.filter(Q(dim="i") & cover_q(period, today))
    if scope.filters:
        query = query.filter(key__in=list(names))
    sums = _sums(today)
    rows = query.values_list("key").annotate(
        received=sums["received"], responded=sums["responded"], due=sums["due"], on_time=sums["on_time"]
    )
    ranks = [
        Rank(names[key], received or 0, responded or 0, due or 0, on_time or 0)
        for key, received, responded, due, on_time in rows.order_by()
        if key in names and (due or received)
    ]
    ranks.sort(key=lambda r: (r.due < minimum, -r.share, -r.received, r.institution.name))
    return ranks


def with_medians(ranks: list[Rank], period: Period, today: date) -> list[Rank]:
    """The median working days to first response of a few ranked institutions."""
    keys = [str(r.institution.pk) for r in ranks]
    hists: dict[str, Counter[int]] = defaultdict(Counter)
    rows = (
        Histogram.objects.filter(Q(dim="i", metric="r", key__in=keys) & cover_q(period, today))
        .values_list("key", "days")
        .annotate(Sum("n"))
        .order_by()
    )
    for key, days, n in rows:
        hists[key][days] += n or 0
    return [
        Rank(r.institution, r.received, r.responded, r.due, r.on_time, median(hists[str(r.institution.pk)]))
        for r in ranks
    ]


def first_day() -> date | None:
    return ReportFacts.objects.order_by("submitted_day").values_list("submitted_day", flat=True).first()


def capped(value: float | int | None) -> str:
    """A working-days figure as shown: values beyond the histogram's cap read "> 60"."""
    if value is None:
        return "—"
    if value > HISTOGRAM_CAP:
        return f"> {HISTOGRAM_CAP}"
    return f"{value:g}".replace(".", ",")


__all__ = ["Bar", "Rank", "Scope", "Summary", "TooBroad", "bucket"]
