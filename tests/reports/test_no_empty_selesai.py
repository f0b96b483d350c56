"""DESIGN §3 “No empty selesai”: a response opens the reporter's window; a dispute puts the report back in
progress with a new deadline; it closes only by the reporter's confirmation or by silence, and the two are
kept apart. The reporter rates once, 1 to 5."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from aduan.notify.models import Notification
from aduan.reports import audit, lifecycle
from aduan.reports.models import ActorKind, ClosedHow, DueKind, EventAudience, ReportEvent, Status
from aduan.reports.sweep import sweep

from .helpers import T0, Steps, kinds, last_event, refused, reload, wib

ANSWER = "Lubang sudah ditambal oleh tim pemeliharaan jalan."


@pytest.fixture
def responded(world: Any, steps: Steps) -> Any:
    """Filed Mon 2 March, routed the same day, answered Tue 3 March 10:00."""
    return steps.responded(at=T0, response_at=wib(3, 3))


def test_response_starts_the_ten_working_day_window(responded: Any) -> None:
    report = reload(responded.report)
    assert report.status == Status.RESPONDED
    assert (report.due_kind, report.due_days, report.due_at) == (DueKind.REPORTER_WINDOW, 10, wib(3, 18, 0))
    assert report.closed_how == ""


def test_dispute_reopens_with_a_new_five_working_day_deadline(world: Any, steps: Steps, responded: Any) -> None:
    reporter = steps.reporter(responded)
    at = wib(3, 6)  # Friday
    report = reload(lifecycle.dispute(reporter, responded.report, message="Baru ditambal separuh.", at=at))
    assert report.status == Status.IN_PROGRESS
    assert (report.due_kind, report.due_days, report.due_at) == (DueKind.FOLLOW_UP, 5, wib(3, 14, 0))
    assert report.dispute_count == 1
    event = last_event(report)
    assert (event.kind, event.audience, event.actor_kind, event.data) == (
        "disputed",
        EventAudience.PUBLIC,
        ActorKind.REPORTER,
        {"dispute": 1},
    )
    assert Notification.objects.filter(report=report, kind="disputed", institution=world.regency).count() == 1
    # The window closed with the dispute: the sweep must not close it by silence later.
    sweep(at=wib(3, 18, 0))
    assert reload(report).status == Status.IN_PROGRESS

    # Answer again and dispute again: each dispute counts, each gets its own deadline.
    lifecycle.respond(steps.admin, report, message=ANSWER, at=wib(3, 9))
    report = reload(lifecycle.dispute(reporter, report, message="Masih berlubang di sisi utara.", at=wib(3, 10)))
    assert (report.status, report.dispute_count, report.due_at) == (Status.IN_PROGRESS, 2, wib(3, 18, 0))
    assert list(audit.verify(report.code)) == []


def test_confirm_closes_as_confirmed(steps: Steps, responded: Any) -> None:
    at = wib(3, 4)
    report = reload(lifecycle.confirm(steps.reporter(responded), responded.report, message="Terima kasih.", at=at))
    assert report.status == Status.COMPLETED
    assert (report.closed_how, report.closed_at) == (ClosedHow.CONFIRMED, at)
    assert (report.due_kind, report.due_at, report.escalate_at) == ("", None, None)
    assert kinds(report)[-1] == "confirmed"
    # Nothing for the sweep to do on a confirmed report, ever.
    assert sweep(at=wib(6, 1)).total == 0
    assert reload(report).event_count == report.event_count


def test_silence_closes_after_the_window(steps: Steps, responded: Any) -> None:
    due = reload(responded.report).due_at
    assert sweep(at=due - timedelta(seconds=1)).counts["closed_by_silence"] == 0
    assert reload(responded.report).status == Status.RESPONDED

    result = sweep(at=due)
    assert result.counts["closed_by_silence"] == 1
    report = reload(responded.report)
    assert report.status == Status.COMPLETED
    assert (report.closed_how, report.closed_at) == (ClosedHow.SILENCE, due)
    assert (report.due_kind, report.due_at, report.escalate_at) == ("", None, None)
    event = last_event(report)
    assert (event.kind, event.audience, event.actor_kind, event.created_at) == (
        "closed_by_silence",
        EventAudience.PUBLIC,
        ActorKind.SYSTEM,
        due,
    )
    assert Notification.objects.filter(report=report, kind="closed_by_silence", audience="reporter").exists()
    assert list(audit.verify(report.code)) == []

    # Idempotent: again, and later, nothing more happens.
    before = (report.event_count, report.last_hash, ReportEvent.objects.count(), Notification.objects.count())
    assert sweep(at=due).total == 0
    assert sweep(at=due + timedelta(days=90)).total == 0
    report = reload(report)
    assert (report.event_count, report.last_hash, ReportEvent.objects.count(), Notification.objects.count()) == before
    # Silence is not consent: the reporter can no longer confirm or dispute, but may still rate.
    reporter = steps.reporter(responded)
    refused("invalid_state", report, lifecycle.confirm, reporter, report)
    refused("invalid_state", report, lifecycle.dispute, reporter, report, message="Belum beres.")
    assert reload(lifecycle.rate(reporter, report, score=2)).rating == 2
    assert reload(report).closed_how == ClosedHow.SILENCE


def test_the_window_is_counted_in_working_days_across_holidays(world: Any, steps: Steps) -> None:
    """Answered Tue 10 March: Nyepi and the Idul Fitri holidays (18–24 March 2026) do not count."""
    sub = steps.responded(at=T0, response_at=wib(3, 10))
    report = reload(sub.report)
    assert report.due_at == wib(4, 1, 0)
    assert sweep(at=wib(3, 31, 23, 59)).counts["closed_by_silence"] == 0
    assert sweep(at=wib(4, 1, 0)).counts["closed_by_silence"] == 1


def test_statistics_keep_confirmed_and_silence_apart(world: Any, steps: Steps) -> None:
    confirmed = steps.responded(at=T0, response_at=wib(3, 3))
    silent = steps.responded(at=T0, response_at=wib(3, 3))
    lifecycle.confirm(steps.reporter(confirmed), confirmed.report, at=wib(3, 5))
    sweep(at=wib(3, 18, 0))
    assert reload(confirmed.report).closed_how == ClosedHow.CONFIRMED
    assert reload(silent.report).closed_how == ClosedHow.SILENCE


def test_rate_once_from_one_to_five(world: Any, steps: Steps, responded: Any) -> None:
    reporter = steps.reporter(responded)
    report = responded.report
    refused("invalid_state", report, lifecycle.rate, reporter, report, score=4)  # not completed yet
    lifecycle.confirm(reporter, report, at=wib(3, 4))
    for score in (0, 6, -1, "abc", 2.5, "2.5", "", None, True, [4]):
        refused("invalid_score", report, lifecycle.rate, reporter, report, score=score)
    for user in (world.citizen, world.regency_admin, world.verifier):
        refused("forbidden", report, lifecycle.rate, world.actor(user), report, score=5)
    report = reload(lifecycle.rate(reporter, report, score="5", message="Cepat.", at=wib(3, 4, 12)))
    assert report.rating == 5
    event = last_event(report)
    assert (event.kind, event.data, event.public_text, event.actor_kind) == (
        "rated",
        {"score": 5},
        "Cepat.",
        ActorKind.REPORTER,
    )
    refused("already_rated", report, lifecycle.rate, reporter, report, score=3)
    assert reload(report).rating == 5


@pytest.mark.parametrize("score", [1, 3, 5, "4", 4.0])
def test_every_whole_score_is_accepted(steps: Steps, responded: Any, score: Any) -> None:
    reporter = steps.reporter(responded)
    lifecycle.confirm(reporter, responded.report, at=wib(3, 4))
    assert reload(lifecycle.rate(reporter, responded.report, score=score)).rating == int(score)
