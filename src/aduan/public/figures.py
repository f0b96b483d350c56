"""Figures over a set of public reports: aggregated in the database, a bounded number of rows each.

Callers pass `visibility.public_reports()` (or a subset of it); nothing here widens what is counted."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from aduan.core.calendar import get_calendar
from aduan.institutions.models import Institution
from aduan.public.labels import public_statuses
from aduan.reports.deadlines import FOLLOW_UP_DAYS
from aduan.reports.models import Category, Classification, ClosedHow, Report, Status
from aduan.reports.states import BEFORE_VERIFICATION

# “Sedang ditindaklanjuti”: with an institution, or answered and waiting for the reporter.
IN_PROGRESS = (Status.DISPOSITIONED, Status.IN_PROGRESS, Status.RESPONDED)
# Response times are measured over the reports dispositioned in this many days before today.
TIMELINESS_WINDOW_DAYS = 365
TOP = 10


@dataclass(frozen=True)
class Headline:
    public: int
    in_progress: int
    completed: int
    confirmed: int
    silence: int


def headline(reports: QuerySet[Report]) -> Headline:
    counts: Counter[tuple[str, str]] = Counter()
    for status, how, n in reports.values_list("status", "closed_how").annotate(n=Count("pk")).order_by():
        counts[(status, how)] += n
    by_status: Counter[str] = Counter()
    for (status, _how), n in counts.items():
        by_status[status] += n
    return Headline(
        public=sum(by_status.values()),
        in_progress=sum(by_status[s] for s in IN_PROGRESS),
        completed=by_status[Status.COMPLETED],
        confirmed=counts[(Status.COMPLETED, ClosedHow.CONFIRMED)],
        silence=counts[(Status.COMPLETED, ClosedHow.SILENCE)],
    )


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    n: int


def by_status(reports: QuerySet[Report]) -> list[Tally]:
    counts = dict(reports.values_list("status").annotate(n=Count("pk")).order_by())
    return [Tally(status, label, counts.get(status, 0)) for status, label in public_statuses()]


def by_classification(reports: QuerySet[Report]) -> list[Tally]:
    counts = dict(reports.values_list("classification").annotate(n=Count("pk")).order_by())
    return [Tally(value, str(label), counts.get(value, 0)) for value, label in Classification.choices]


@dataclass(frozen=True)
class InstitutionCount:
    institution: Institution
    received: int
    completed: int


def top_institutions(reports: QuerySet[Report], limit: int = TOP) -> list[InstitutionCount]:
    """The institutions holding the most reports; a unit's reports count for the institution that owns it."""
    top = list(
        reports.filter(institution__isnull=False, institution__owner__isnull=False)
        .values_list("institution__owner_id")
        .annotate(received=Count("pk"), completed=Count("pk", filter=Q(status=Status.COMPLETED)))
        .order_by("-received", "institution__owner_id")[:limit]
    )
    names = Institution.objects.only("id", "name", "slug", "code", "kind").in_bulk([row[0] for row in top])
    return [InstitutionCount(names[pk], received, completed) for pk, received, completed in top if pk in names]


@dataclass(frozen=True)
class CategoryCount:
    category: Category
    n: int


def top_categories(reports: QuerySet[Report], limit: int = TOP) -> list[CategoryCount]:
    top = list(
        reports.filter(category__isnull=False)
        .values_list("category_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "category_id")[:limit]
    )
    found = Category.objects.select_related("parent").in_bulk([pk for pk, _n in top])
    return [CategoryCount(found[pk], n) for pk, n in top if pk in found]


@dataclass(frozen=True)
class Timeliness:
    """How fast the first response came after disposition, in working days (DESIGN §3)."""

    since: date
    responded: int
    median_days: float | None
    due: int  # reports whose first 5-working-day deadline has passed, or that were answered
    on_time: int

    @property
    def share_on_time(self) -> int | None:
        return round(100 * self.on_time / self.due) if self.due else None


def timeliness(reports: QuerySet[Report], today: date | None = None) -> Timeliness:
    """Median working days from disposition to first response, and the share answered within the
    deadline, over reports dispositioned in the last year. Grouped by (disposition day, response day) in
    the database, so the rows read are bounded by the days in the window, not by the reports."""
    today = today or timezone.localdate()
    since = today - timedelta(days=TIMELINESS_WINDOW_DAYS)
    tz = timezone.get_default_timezone()
    window = reports.filter(dispositioned_at__date__gte=since)
    calendar = get_calendar()
    answered = (
        window.filter(first_response_at__isnull=False)
        .annotate(d=TruncDate("dispositioned_at", tzinfo=tz), r=TruncDate("first_response_at", tzinfo=tz))
        .values_list("d", "r")
        .annotate(n=Count("pk"))
        .order_by()
    )
    days: Counter[int] = Counter()
    on_time = 0
    for start, end, n in answered:
        if end < start:  # answered before a later re-disposition: not a time to respond
            continue
        days[calendar.working_days_between(start, end)] += n
        if end <= calendar.add_working_days(start, FOLLOW_UP_DAYS):
            on_time += n
    waiting = (
        window.filter(first_response_at__isnull=True)
        .exclude(status__in=BEFORE_VERIFICATION)
        .annotate(d=TruncDate("dispositioned_at", tzinfo=tz))
        .values_list("d")
        .annotate(n=Count("pk"))
        .order_by()
    )
    late = sum(n for start, n in waiting if calendar.add_working_days(start, FOLLOW_UP_DAYS) < today)
    responded = sum(days.values())
    return Timeliness(
        since=since,
        responded=responded,
        median_days=weighted_median(days),
        due=responded + late,
        on_time=on_time,
    )


def weighted_median(counts: Counter[int]) -> float | None:
    total = sum(counts.values())
    if not total:
        return None
    middle = [(total - 1) // 2, total // 2]  # the two middle positions (equal when total is odd)
    values: list[int] = []
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        while len(values) < 2 and middle[len(values)] < seen:
            values.append(value)
    return sum(values) / 2
