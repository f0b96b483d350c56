"""What time does to a report: closing by silence, overdue flags, postponements ending, escalation.

Each function changes one locked report in memory and returns the Change; `reports.sweep` applies them to
batches, and the single-report wrappers below serve tests and operators."""

from __future__ import annotations

from datetime import datetime

from aduan.reports.actors import Actor
from aduan.reports.lifecycle.base import Change, require_state, run
from aduan.reports.lifecycle.reporter import close
from aduan.reports.lifecycle.verification import postpone_ended
from aduan.reports.models import ClosedHow, EventAudience, Report, Status
from aduan.reports.states import OPEN


def silence_closes(report: Report, at: datetime) -> Change:
    change = Change(report)
    close(report, ClosedHow.SILENCE, at)
    change.append(Actor.system(), at, "closed_by_silence", Status.COMPLETED, EventAudience.PUBLIC)
    return change


def flag_overdue(report: Report, at: datetime, parent_id: int | None = None) -> Change:
    change = Change(report)
    report.overdue_flagged = True
    data: dict[str, object] = {"clock": report.due_kind, "due_at": report.due_at.isoformat() if report.due_at else None}
    if parent_id:
        data["parent"] = parent_id
    change.append(Actor.system(), at, "overdue", report.status, EventAudience.INTERNAL, data=data)
    return change


def escalates(report: Report, at: datetime) -> Change:
    """Not completed 60 days after disposition: to the oversight queue (Ombudsman takes over with consent)."""
    change = Change(report)
    report.escalated_at = at
    report.escalate_at = None
    change.append(Actor.system(), at, "escalated", report.status, EventAudience.PUBLIC)
    return change


# --- one report at a time (the sweep does the same in batches) ---


def close_by_silence(report: Report | str, *, at: datetime) -> Report:
    def act(change: Change) -> None:
        require_state(change.report, {Status.RESPONDED})
        _merge(change, silence_closes(change.report, at))

    return run(report, act)


def escalate(report: Report | str, *, at: datetime) -> Report:
    def act(change: Change) -> None:
        require_state(change.report, OPEN)
        _merge(change, escalates(change.report, at))

    return run(report, act)


def end_postponement(report: Report | str, *, at: datetime) -> Report:
    def act(change: Change) -> None:
        require_state(change.report, {Status.POSTPONED})
        _merge(change, postpone_ended(change.report, at))

    return run(report, act)


def _merge(into: Change, other: Change) -> None:
    into.events.extend(other.events)
    into.notifications.extend(other.notifications)
