"""What time does (DESIGN §3, §5): overdue flags to the right people, postponements ending, silence closing,
escalation 60 days after disposition — each once, however often the sweep runs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from aduan.core.calendar import invalidate_calendar
from aduan.core.models import CalendarOverride
from aduan.notify.models import Notification
from aduan.reports import audit, lifecycle
from aduan.reports.models import ActorKind, DueKind, EventAudience, Report, ReportEvent, Status
from aduan.reports.sweep import sweep

from .helpers import T0, Steps, kinds, last_event, reload, wib


def events_of(report: Report, kind: str) -> list[ReportEvent]:
    return list(ReportEvent.objects.filter(report=report, kind=kind).order_by("seq"))


def notified(report: Report, kind: str) -> Counter[tuple[str, str | None]]:
    rows = Notification.objects.filter(report=report, kind=kind).values_list("audience", "institution__code")
    return Counter(rows)


def all_intact() -> None:
    assert list(audit.verify()) == []


# --- overdue ---


def test_verify_clock_overdue_is_flagged_once_to_the_verifier(world: Any, steps: Steps) -> None:
    report = steps.file(at=T0).report
    due = reload(report).due_at
    assert due == wib(3, 6, 0)
    assert sweep(at=due - timedelta(seconds=1)).counts["overdue"] == 0
    assert not events_of(report, "overdue")

    assert sweep(at=due).counts["overdue"] == 1
    report = reload(report)
    assert report.overdue_flagged
    assert report.status == Status.SUBMITTED  # a flag, not a change of status
    (event,) = events_of(report, "overdue")
    assert (event.audience, event.actor_kind, event.created_at) == (EventAudience.INTERNAL, ActorKind.SYSTEM, due)
    assert event.data == {"clock": "verify", "due_at": due.isoformat()}
    assert notified(report, "overdue") == Counter({("verifier", None): 1})

    for later in (due, due + timedelta(days=1), due + timedelta(days=30)):
        assert sweep(at=later).counts["overdue"] == 0
    assert len(events_of(report, "overdue")) == 1
    assert sum(notified(report, "overdue").values()) == 1

    # Verifying starts a new clock, and with it a new chance to be late.
    lifecycle.verify(steps.verifier, report, institution=world.regency, at=wib(3, 9))
    report = reload(report)
    assert (report.due_kind, report.overdue_flagged) == (DueKind.FOLLOW_UP, False)
    all_intact()


def test_follow_up_overdue_goes_to_the_institution_and_its_parent(world: Any, steps: Steps) -> None:
    report = steps.routed(at=T0).report
    due = reload(report).due_at
    assert due == wib(3, 10, 0)
    assert sweep(at=due).counts["overdue"] == 1
    (event,) = events_of(report, "overdue")
    assert event.data == {"clock": "follow_up", "due_at": due.isoformat(), "parent": world.province.pk}
    assert notified(report, "overdue") == Counter(
        {("institution", "pemkab-33-26"): 1, ("institution", "pemprov-33"): 1}
    )
    # Not the reporter: an overdue flag is internal.
    assert not Notification.objects.filter(report=report, kind="overdue", audience="reporter").exists()


def test_follow_up_overdue_of_a_unit_reaches_the_unit_too(world: Any, steps: Steps) -> None:
    report = steps.assigned(at=T0).report
    sweep(at=wib(3, 10, 0))
    assert notified(report, "overdue") == Counter(
        {
            ("institution", "pemkab-33-26-dinas-pu"): 1,
            ("institution", "pemkab-33-26"): 1,
            ("institution", "pemprov-33"): 1,
        }
    )


def test_reporter_silence_after_a_request_reminds_the_verifier_and_deletes_nothing(world: Any, steps: Steps) -> None:
    report = steps.file(at=T0).report
    lifecycle.request_info(steps.verifier, report, message="Di RT/RW berapa?", at=T0 + timedelta(hours=1))
    due = reload(report).due_at
    assert due == wib(3, 17, 0)
    assert sweep(at=due).counts["overdue"] == 1
    report = reload(report)
    assert report.status == Status.NEEDS_INFO
    assert events_of(report, "overdue")[0].data["clock"] == "reporter_info"
    assert notified(report, "overdue") == Counter({("verifier", None): 1})
    assert sweep(at=due + timedelta(days=365)).total == 0
    assert Report.objects.filter(pk=report.pk, status=Status.NEEDS_INFO).exists()


# --- postponement ---


def test_postponement_ends_back_in_the_verification_queue(world: Any, steps: Steps) -> None:
    report = steps.file(at=T0).report
    lifecycle.postpone(steps.verifier, report, until="2026-03-20", at=T0 + timedelta(hours=1))
    assert sweep(at=wib(3, 19, 23, 59)).total == 0
    assert reload(report).status == Status.POSTPONED

    ends = wib(3, 20, 0)
    assert sweep(at=ends).counts["postpone_ended"] == 1
    report = reload(report)
    assert report.status == Status.SUBMITTED
    assert report.postponed_until is None
    # A fresh verify clock from the 20th: 23 and 24 March are cuti bersama, so Wed 25, Thu 26, Fri 27.
    assert (report.due_kind, report.due_start, report.due_days, report.due_at) == (
        DueKind.VERIFY,
        date(2026, 3, 20),
        3,
        wib(3, 28, 0),
    )
    event = last_event(report)
    assert (event.kind, event.audience, event.actor_kind, event.status_before) == (
        "postpone_ended",
        EventAudience.INTERNAL,
        ActorKind.SYSTEM,
        Status.POSTPONED,
    )
    assert notified(report, "postpone_ended") == Counter({("verifier", None): 1})
    assert sweep(at=ends).total == 0
    assert sweep(at=wib(3, 27, 23)).total == 0
    all_intact()


# --- escalation ---


def test_escalation_sixty_calendar_days_after_disposition_once(world: Any, steps: Steps) -> None:
    report = steps.routed(at=T0).report  # verified Mon 2 March 11:00
    escalate_at = reload(report).escalate_at
    assert escalate_at == wib(5, 1, 11)

    result = sweep(at=escalate_at - timedelta(seconds=1))
    assert result.counts["escalated"] == 0
    assert result.counts["overdue"] == 1  # the follow-up was late long before

    assert sweep(at=escalate_at).counts["escalated"] == 1
    report = reload(report)
    assert (report.escalated_at, report.escalate_at) == (escalate_at, None)
    assert report.status == Status.DISPOSITIONED
    event = last_event(report)
    assert (event.kind, event.audience, event.actor_kind) == ("escalated", EventAudience.PUBLIC, ActorKind.SYSTEM)
    assert notified(report, "escalated")[("oversight", None)] == 1
    assert sweep(at=escalate_at + timedelta(days=1)).total == 0

    # Never twice: not even after the report is routed again or reopened.
    lifecycle.not_authority(steps.admin, report, reason="Jalan provinsi, bukan jalan kabupaten.", at=wib(5, 4))
    lifecycle.verify(steps.verifier, report, institution=world.province, at=wib(5, 5))
    assert reload(report).escalate_at is None
    lifecycle.respond(world.actor(world.province_admin), report, message="Sudah ditambal provinsi.", at=wib(5, 6))
    sweep(at=wib(6, 30))  # closes by silence
    assert reload(report).status == Status.COMPLETED
    lifecycle.reopen(steps.verifier, report, message="Lubang muncul lagi.", at=wib(7, 1))
    assert reload(report).escalate_at is None
    sweep(at=wib(12, 31))
    assert len(events_of(report, "escalated")) == 1
    all_intact()


def test_completed_reports_never_escalate(world: Any, steps: Steps) -> None:
    sub = steps.responded(at=T0)
    lifecycle.confirm(steps.reporter(sub), sub.report, at=wib(3, 5))
    archived = steps.file(at=T0).report
    lifecycle.archive(steps.verifier, archived, reason="spam", at=T0)
    assert sweep(at=wib(12, 31)).total == 0
    assert not ReportEvent.objects.filter(kind="escalated").exists()


def test_a_report_responded_but_unresolved_still_escalates(world: Any, steps: Steps) -> None:
    """Each dispute keeps the report open; 60 days after disposition it goes to oversight anyway."""
    sub = steps.responded(at=T0)
    reporter = steps.reporter(sub)
    day = T0 + timedelta(days=1)
    for _ in range(5):
        day += timedelta(days=10)
        lifecycle.dispute(reporter, sub.report, message="Belum beres juga.", at=day)
        lifecycle.respond(steps.admin, sub.report, message="Sudah kami tangani lagi.", at=day + timedelta(hours=1))
    assert reload(sub.report).status == Status.RESPONDED
    assert sweep(at=wib(5, 1, 11)).counts["escalated"] == 1


# --- idempotence ---


def test_two_sweeps_at_the_same_moment_make_exactly_one_event_each(world: Any, steps: Steps) -> None:
    late = steps.file(at=T0).report  # verify clock ran out 6 March
    routed = steps.routed(at=T0).report  # follow-up late 10 March, escalates 1 May
    postponed = steps.file(at=T0).report
    lifecycle.postpone(steps.verifier, postponed, until="2026-03-20", at=T0)
    silent = steps.responded(at=T0, response_at=wib(3, 3)).report  # window closes 18 March
    at = wib(5, 2)

    first = sweep(at=at, batch=1)  # batch of one: every pass loops
    # The postponed report's new verify clock counts from 20 March, so by 2 May it is overdue too.
    assert first.counts == {"closed_by_silence": 1, "postpone_ended": 1, "overdue": 3, "escalated": 1}
    snapshot = list(ReportEvent.objects.order_by("report_id", "seq").values_list("report_id", "seq", "hash"))
    notifications = Notification.objects.count()

    second = sweep(at=at)
    assert second.total == 0
    assert list(ReportEvent.objects.order_by("report_id", "seq").values_list("report_id", "seq", "hash")) == snapshot
    assert Notification.objects.count() == notifications

    timed = {"overdue", "escalated", "postpone_ended", "closed_by_silence"}
    assert [k for k in kinds(late) if k in timed] == ["overdue"]
    assert [k for k in kinds(routed) if k in timed] == ["overdue", "escalated"]
    # Back in the queue with a verify clock counted from the chosen date, already past by 2 May.
    assert [k for k in kinds(postponed) if k in timed] == ["postpone_ended", "overdue"]
    assert reload(postponed).due_start == date(2026, 3, 20)
    assert [k for k in kinds(silent) if k in timed] == ["closed_by_silence"]
    assert reload(silent).escalate_at is None
    all_intact()


def test_sweep_with_nothing_due_does_nothing(world: Any, steps: Steps) -> None:
    steps.routed(at=T0)
    steps.file(at=T0)
    result = sweep(at=T0 + timedelta(hours=2))
    assert result.counts == {"closed_by_silence": 0, "postpone_ended": 0, "overdue": 0, "escalated": 0}
    assert not ReportEvent.objects.filter(actor_kind=ActorKind.SYSTEM).exists()


# --- a calendar correction moves the running clocks ---


@pytest.fixture
def fresh_calendar() -> Iterator[None]:
    """Overrides are cached per process; a rolled-back row would otherwise linger in the cache."""
    invalidate_calendar()
    yield
    invalidate_calendar()


def test_a_new_holiday_moves_open_deadlines(world: Any, steps: Steps, fresh_calendar: None) -> None:
    report = steps.routed(at=T0).report
    sweep(at=wib(3, 10, 0))
    assert reload(report).overdue_flagged

    CalendarOverride.objects.create(date=date(2026, 3, 4), is_working_day=False, name="Libur daerah (uji)")
    report = reload(report)
    assert report.due_at == wib(3, 11, 0)
    assert not report.overdue_flagged
    assert sweep(at=wib(3, 10, 12)).counts["overdue"] == 0
    assert sweep(at=wib(3, 11, 0)).counts["overdue"] == 1
    assert len(events_of(report, "overdue")) == 2
