"""The deadline running on a report, in the words the public reads (DESIGN §3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.reports.models import DueKind, Report


@dataclass(frozen=True)
class Deadline:
    kind: str
    what: str  # “tindak lanjut”, “verifikasi” …
    holder: str  # who must act before it
    last_day: date  # the last day to act (for a postponement: the day it ends)
    overdue: bool
    today: bool


def running_deadline(report: Report, now: datetime | None = None) -> Deadline | None:
    if not report.due_at or not report.due_kind:
        return None
    now = now or timezone.now()
    local = timezone.localtime(report.due_at)
    # A working-day clock is due at the midnight that ends its last day; a postponement at the start
    # of the day it ends.
    last_day = local.date() if report.due_kind == DueKind.POSTPONED else (local - timedelta(microseconds=1)).date()
    return Deadline(
        kind=report.due_kind,
        what=str(DueKind(report.due_kind).label),
        holder=holder(report),
        last_day=last_day,
        overdue=now >= report.due_at and report.due_kind != DueKind.POSTPONED,
        today=timezone.localdate(now) == last_day,
    )


def holder(report: Report) -> str:
    """Who must act now: the verifier, the reporter, or the unit / institution handling the report."""
    if report.due_kind in (DueKind.VERIFY, DueKind.POSTPONED):
        return _("Verifikator")
    if report.due_kind in (DueKind.REPORTER_INFO, DueKind.REPORTER_WINDOW):
        return _("Pelapor")
    held = report.unit or report.institution
    return held.name if held is not None else _("Verifikator")
