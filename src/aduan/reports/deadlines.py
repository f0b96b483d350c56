"""The clocks of DESIGN §3, stored on the report so sweeps and queues are index scans."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from aduan.core.calendar import get_calendar
from aduan.reports.models import DueKind, Report

VERIFY_DAYS = 3
REPORTER_INFO_DAYS = 10
FOLLOW_UP_DAYS = 5
REPORTER_WINDOW_DAYS = 10
ESCALATION_CALENDAR_DAYS = 60

WORKING_DAY_CLOCKS = {
    DueKind.VERIFY: VERIFY_DAYS,
    DueKind.REPORTER_INFO: REPORTER_INFO_DAYS,
    DueKind.FOLLOW_UP: FOLLOW_UP_DAYS,
    DueKind.REPORTER_WINDOW: REPORTER_WINDOW_DAYS,
}


def start(report: Report, kind: DueKind, at: datetime) -> None:
    """Start a working-day clock of `kind` at `at`."""
    days = WORKING_DAY_CLOCKS[kind]
    report.due_kind = kind
    report.due_start = timezone.localdate(at)
    report.due_days = days
    report.due_at = get_calendar().due_at(at, days)
    report.overdue_flagged = False


def start_until(report: Report, until: date) -> None:
    """A postponement: due at the start of the chosen local day."""
    report.due_kind = DueKind.POSTPONED
    report.due_start = None
    report.due_days = None
    report.due_at = timezone.make_aware(datetime.combine(until, datetime.min.time()))
    report.overdue_flagged = False


def stop(report: Report) -> None:
    report.due_kind = ""
    report.due_start = None
    report.due_days = None
    report.due_at = None
    report.overdue_flagged = False


def start_escalation(report: Report, dispositioned_at: datetime) -> None:
    """Start the 60-day escalation clock unless one is running: a transfer after "not our authority" does
    not restart it, so time lost between institutions counts against them, not the reporter."""
    if report.escalated_at is None and report.escalate_at is None:
        report.escalate_at = dispositioned_at + timedelta(days=ESCALATION_CALENDAR_DAYS)


def due_for(start_day: date, days: int) -> datetime:
    """The due time of a clock of `days` working days started on local date `start_day`."""
    midday = timezone.make_aware(datetime.combine(start_day, time(12)))
    return get_calendar().due_at(midday, days)


def recompute_open_deadlines() -> int:
    """After a calendar change: recompute every running working-day clock with one UPDATE per distinct
    (start date, length) pair rather than one per report. Returns the number of reports updated."""
    pairs = (
        Report.objects.filter(due_start__isnull=False, due_days__isnull=False)
        .values_list("due_start", "due_days")
        .distinct()
    )
    updated = 0
    with transaction.atomic():
        for start_day, days in list(pairs):
            updated += (
                Report.objects.filter(due_start=start_day, due_days=days)
                .exclude(due_at=due_for(start_day, days))
                .update(due_at=due_for(start_day, days), overdue_flagged=False)
            )
    return updated
