"""`aduan sweep`: what time causes, as set-based passes over indexed due times (DESIGN §5).

Each pass claims a batch with SELECT … FOR UPDATE SKIP LOCKED (on SQLite the IMMEDIATE transaction's
write lock serialises sweepers), applies the same lifecycle rule to every report of the batch in memory,
and writes the batch with one INSERT for the events, one for the notifications and one prepared UPDATE
run for every report of the batch. Running it twice, or from every worker at once, changes nothing more:
each rule's condition stops matching once it is applied.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from aduan.core.fastwrite import update_many
from aduan.notify.models import Notification
from aduan.reports import observers
from aduan.reports.lifecycle.base import Change
from aduan.reports.lifecycle.timed import escalates, flag_overdue, silence_closes
from aduan.reports.lifecycle.verification import postpone_ended
from aduan.reports.models import DueKind, Report, ReportEvent, Status
from aduan.reports.states import OPEN

BATCH = 2000
CHANGED_FIELDS = [
    "status",
    "event_count",
    "last_hash",
    "due_kind",
    "due_start",
    "due_days",
    "due_at",
    "overdue_flagged",
    "closed_at",
    "closed_how",
    "escalate_at",
    "escalated_at",
    "postponed_until",
    "updated_at",
]


@dataclass
class SweepResult:
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _overdue(report: Report, at: datetime) -> Change:
    parent = report.institution.parent_id if report.institution_id and report.due_kind == DueKind.FOLLOW_UP else None
    return flag_overdue(report, at, parent_id=parent)


def rules(at: datetime) -> list[tuple[str, Q, Callable[[Report, datetime], Change]]]:
    return [
        (
            "closed_by_silence",
            Q(due_at__lte=at, due_kind=DueKind.REPORTER_WINDOW, status=Status.RESPONDED),
            silence_closes,
        ),
        ("postpone_ended", Q(due_at__lte=at, due_kind=DueKind.POSTPONED, status=Status.POSTPONED), postpone_ended),
        (
            "overdue",
            Q(
                due_at__lte=at,
                overdue_flagged=False,
                due_kind__in=[DueKind.VERIFY, DueKind.REPORTER_INFO, DueKind.FOLLOW_UP],
            ),
            _overdue,
        ),
        ("escalated", Q(escalate_at__lte=at, status__in=OPEN), escalates),
    ]


def sweep(at: datetime | None = None, batch: int = BATCH) -> SweepResult:
    at = at or timezone.now()
    result = SweepResult()
    for name, condition, apply in rules(at):
        result.counts[name] = _pass(condition, apply, at, batch)
    return result


def _pass(condition: Q, apply: Callable[[Report, datetime], Change], at: datetime, batch: int) -> int:
    done = 0
    while True:
        with transaction.atomic():
            claimed = list(
                Report.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("reporter", "institution")
                .filter(condition)
                .order_by("pk")[:batch]
            )
            if not claimed:
                return done
            _write([apply(report, at) for report in claimed], at)
        done += len(claimed)


def _write(changes: list[Change], at: datetime) -> None:
    reports = [change.report for change in changes]
    for report in reports:
        report.updated_at = at
    ReportEvent.objects.bulk_create([event for change in changes for event in change.events], batch_size=1000)
    Notification.objects.bulk_create([n for change in changes for n in change.notifications], batch_size=1000)
    update_many(reports, CHANGED_FIELDS)
    observers.changed(changes)
