"""How a report's stored due time reads in a queue: overdue, due today (local time), or its last day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from aduan.reports.models import DueKind, Report

ONE_TICK = timedelta(microseconds=1)


@dataclass(frozen=True)
class Deadline:
    css: str  # "overdue", "today" or "" (the badge's modifier class)
    day: date | None  # the last local day to act (for a postponement: the day it comes back)
    kind: str


def end_of_today(now: datetime) -> datetime:
    """Local midnight at the start of tomorrow: a clock that ends today is due at or before it."""
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time.min))


def deadline_of(report: Report, now: datetime) -> Deadline | None:
    if report.due_at is None or not report.is_open:
        return None
    # Working-day clocks are stored as local midnight after their last day; a postponement as the start
    # of the day it returns.
    at = report.due_at if report.due_kind == DueKind.POSTPONED else report.due_at - ONE_TICK
    day = timezone.localdate(at)
    if report.due_at <= now:
        css = "overdue"
    elif report.due_at <= end_of_today(now):
        css = "today"
    else:
        css = ""
    return Deadline(css=css, day=day, kind=report.due_kind)
