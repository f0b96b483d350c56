"""Every lifecycle action (DESIGN §3, §7): its happy path — status, assignments, clock — and its refusals,
each with its stable code and no change at all."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from aduan.core import hashchain
from aduan.notify.models import Notification
from aduan.reports import audit, lifecycle
from aduan.reports.actors import Actor
from aduan.reports.models import (
    ActorKind,
    Assignment,
    DueKind,
    EventAudience,
    Report,
    ReporterIdentity,
    ReportEvent,
    Status,
)
from aduan.reports.visibility import hash_token

from .helpers import T0, WIB, Steps, active_assignments, kinds, last_event, refused, reload, wib

LONG = "Sudah kami periksa dan jalan sudah ditambal."
CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def intact(report: Report) -> None:
    """The report is what its events say, and its chain verifies."""
    assert list(audit.verify(report.code)) == []


# --- submit ---


def test_submit_starts_the_verify_clock(world: Any, steps: Steps) -> None:
    sub = steps.file(at=T0)
    report = reload(sub.report)
    assert CODE.match(report.code)
    assert report.status == Status.SUBMITTED
    assert (report.due_kind, report.due_start, report.due_days) == (DueKind.VERIFY, date(2026, 3, 2), 3)
    assert report.due_at == wib(3, 6, 0)  # Tue 3, Wed 4, Thu 5 → due at the end of Thursday
    assert report.submitted_at == T0
    assert report.institution is None
    assert report.reporter_user is None
    assert sub.access_token and report.access_token_hash == hash_token(sub.access_token)
    event = last_event(report)
    assert (event.seq, event.kind, event.audience, event.status_before, event.status_after) == (
        1,
        "submitted",
        EventAudience.PUBLIC,
        "",
        Status.SUBMITTED,
    )
    assert event.prev_hash == hashchain.GENESIS
    assert (report.event_count, report.last_hash) == (1, event.hash)
    assert not Assignment.objects.filter(report=report).exists()
    # The reporter is told the tracking code; the new report simply waits in the verifier's queue.
    assert Notification.objects.filter(report=report, kind="submitted", audience="reporter").count() == 1
    assert not Notification.objects.filter(report=report, audience="verifier").exists()
    # The identity is sealed: none of it readable in the row.
    sealed = ReporterIdentity.objects.get(pk=report.reporter_id).sealed
    for plain in ("Siti", "081234567890", "6281234567890", "siti@example.id", "3326011234560001"):
        assert plain not in sealed
    intact(report)


@pytest.mark.parametrize(
    ("at", "start", "due"),
    [
        # 17:30 UTC on Monday is already Tuesday 00:30 in Jakarta: Wed 4, Thu 5, Fri 6.
        (datetime(2026, 3, 2, 17, 30, tzinfo=UTC), date(2026, 3, 3), datetime(2026, 3, 7, tzinfo=WIB)),
        # Friday 23:59 WIB: the day itself never counts; Mon 9, Tue 10, Wed 11.
        (datetime(2026, 3, 6, 23, 59, tzinfo=WIB), date(2026, 3, 6), datetime(2026, 3, 12, tzinfo=WIB)),
        # Filed on the Saturday of Idul Fitri: 23 and 24 March are cuti bersama; Wed 25, Thu 26, Fri 27.
        (datetime(2026, 3, 21, 9, tzinfo=WIB), date(2026, 3, 21), datetime(2026, 3, 28, tzinfo=WIB)),
    ],
)
def test_clocks_count_in_jakarta_working_days(
    world: Any, steps: Steps, at: datetime, start: date, due: datetime
) -> None:
    report = reload(steps.file(at=at).report)
    assert (report.due_start, report.due_at) == (start, due)


def test_submit_with_an_account_has_no_access_link(world: Any, steps: Steps) -> None:
    sub = steps.file(actor=world.actor(world.citizen))
    assert sub.access_token is None
    report = reload(sub.report)
    assert report.reporter_user == world.citizen
    assert report.access_token_hash == ""


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"classification": "keluhan"}, "invalid_classification"),
        ({"title": "  "}, "missing_field"),
        ({"body": ""}, "missing_field"),
        ({"title": "x" * 201}, "too_long"),
        ({"category": "tidak-ada"}, "unknown_category"),
        ({"region": "99.99"}, "unknown_region"),
        ({"institution": "tidak-ada"}, "unknown_institution"),
        ({"incident_date": "2026-03-03"}, "invalid_date"),  # the day after T0
        ({"incident_date": "kemarin"}, "invalid_date"),
        ({"latitude": "100", "longitude": "110"}, "invalid_location"),
        ({"latitude": "utara", "longitude": "110"}, "invalid_location"),
        ({"reporter": {"name": "Siti", "phone": "12"}}, "invalid_phone"),
        ({"reporter": {"name": "Siti", "email": "siti@"}}, "invalid_email"),
        ({"reporter": {"name": "Siti", "nik": "332601123456000"}}, "invalid_nik"),
    ],
)
def test_submit_refusals_write_nothing(world: Any, steps: Steps, fields: dict[str, Any], code: str) -> None:
    with pytest.raises(lifecycle.LifecycleError) as caught:
        steps.file(at=T0, **fields)
    assert caught.value.code == code
    assert not Report.objects.exists()
    assert not ReporterIdentity.objects.exists()
    assert not ReportEvent.objects.exists()


# --- verify ---


def test_verify_routes_and_starts_the_follow_up_clock(world: Any, steps: Steps) -> None:
    report = steps.file(at=T0).report
    at = T0 + timedelta(hours=1)
    report = reload(
        lifecycle.verify(
            steps.verifier,
            report,
            institution="pemkab-33-26",
            message="Diteruskan.",
            note="Cek duplikat: tidak ada.",
            at=at,
        )
    )
    assert report.status == Status.DISPOSITIONED
    assert report.institution == world.regency
    assert report.unit is None
    assert (report.verified_at, report.dispositioned_at) == (at, at)
    assert (report.due_kind, report.due_days, report.due_at) == (DueKind.FOLLOW_UP, 5, wib(3, 10, 0))
    assert report.escalate_at == at + timedelta(days=60)
    assert report.public_title and report.public_body
    event = last_event(report)
    assert (event.kind, event.audience, event.public_text, event.internal_note) == (
        "verified",
        EventAudience.PUBLIC,
        "Diteruskan.",
        "Cek duplikat: tidak ada.",
    )
    assert event.data == {"institution": "pemkab-33-26", "transfer": 0, "final": False}
    assert active_assignments(report) == [("pemkab-33-26", Assignment.Level.INSTITUTION)]
    assert Assignment.objects.get(report=report).event_seq == event.seq
    assert (
        Notification.objects.filter(
            report=report, kind="verified", audience="institution", institution=world.regency
        ).count()
        == 1
    )
    intact(report)


def test_verify_refusals(world: Any, steps: Steps) -> None:
    report = steps.file(at=T0).report
    for user in (world.liaison, world.regency_admin, world.oversight, world.citizen, world.stranger):
        refused("forbidden", report, lifecycle.verify, world.actor(user), report, institution=world.regency)
    refused("forbidden", report, lifecycle.verify, Actor(), report, institution=world.regency)
    refused("unknown_institution", report, lifecycle.verify, steps.verifier, report, institution="tidak-ada")
    refused("invalid_institution", report, lifecycle.verify, steps.verifier, report, institution=world.operator)
    routed = steps.routed(at=T0).report
    refused("invalid_state", routed, lifecycle.verify, steps.verifier, routed, institution=world.province)


def test_verifying_a_postponed_report_ends_the_postponement(world: Any, steps: Steps) -> None:
    report = steps.file(at=T0).report
    lifecycle.postpone(steps.verifier, report, until="2026-03-20", at=T0 + timedelta(hours=1))
    report = reload(lifecycle.verify(steps.verifier, report, institution=world.regency, at=wib(3, 4)))
    assert report.status == Status.DISPOSITIONED
    assert report.postponed_until is None
    assert (report.due_kind, report.due_at) == (DueKind.FOLLOW_UP, wib(3, 12, 0))


# --- request_info / supply_info ---


def test_request_info_pauses_for_the_reporter(world: Any, steps: Steps) -> None:
    report = steps.file(at=T0).report
    report = reload(
        lifecycle.request_info(steps.verifier, report, message="Di RT/RW berapa?", at=T0 + timedelta(hours=1))
    )
    assert report.status == Status.NEEDS_INFO
    assert (report.due_kind, report.due_days, report.due_at) == (DueKind.REPORTER_INFO, 10, wib(3, 17, 0))
    event = last_event(report)
    assert (event.kind, event.audience, event.public_text) == (
        "info_requested",
        EventAudience.REPORTER,
        "Di RT/RW berapa?",
    )
    intact(report)


def test_request_info_refusals(world: Any, steps: Steps) -> None:
    report = steps.file(at=T0).report
    refused("missing_field", report, lifecycle.request_info, steps.verifier, report, message="   ")
    refused("forbidden", report, lifecycle.request_info, steps.liaison, report, message="Di mana?")
    routed = steps.routed(at=T0).report
    refused("invalid_state", routed, lifecycle.request_info, steps.verifier, routed, message="Di mana?")


def test_supply_info_returns_to_the_verifier_with_a_fresh_clock(world: Any, steps: Steps) -> None:
    sub = steps.file(at=T0)
    lifecycle.request_info(steps.verifier, sub.report, message="Di RT/RW berapa?", at=T0 + timedelta(hours=1))
    report = reload(lifecycle.supply_info(steps.reporter(sub), sub.report, message="RT 02 RW 05.", at=wib(3, 3)))
    assert report.status == Status.SUBMITTED
    assert (report.due_kind, report.due_days, report.due_at) == (DueKind.VERIFY, 3, wib(3, 7, 0))
    event = last_event(report)
    assert (event.kind, event.audience, event.actor_kind) == (
        "info_supplied",
        EventAudience.REPORTER,
        ActorKind.REPORTER,
    )
    assert Notification.objects.filter(report=report, kind="info_supplied", audience="verifier").count() == 1
    intact(report)


def test_reply_while_information_is_awaited_is_the_information(world: Any, steps: Steps) -> None:
    sub = steps.file(at=T0)
    lifecycle.request_info(steps.verifier, sub.report, message="Di RT/RW berapa?", at=T0 + timedelta(hours=1))
    report = reload(lifecycle.reply(steps.reporter(sub), sub.report, message="RT 02 RW 05.", at=wib(3, 3)))
    assert report.status == Status.SUBMITTED
    assert kinds(report)[-1] == "info_supplied"


def test_supply_info_refusals(world: Any, steps: Steps) -> None:
    sub = steps.file(at=T0)
    report = sub.report
    refused("invalid_state", report, lifecycle.supply_info, steps.reporter(sub), report, message="RT 02.")
    lifecycle.request_info(steps.verifier, report, message="Di RT/RW berapa?", at=T0 + timedelta(hours=1))
    for actor in (
        world.actor(world.citizen),
        world.actor(world.stranger),
        steps.verifier,
        Actor.reporter_with_token("bukan-token-ini"),
    ):
        refused("forbidden", report, lifecycle.supply_info, actor, report, message="RT 02.")
    refused("missing_field", report, lifecycle.supply_info, steps.reporter(sub), report, message="")


# --- postpone ---


def test_postpone_until_a_date(world: Any, steps: Steps) -> None:
    report = steps.file(at=T0).report
    report = reload(
        lifecycle.postpone(
            steps.verifier, report, until="2026-03-20", message="Tunggu musim hujan.", at=T0 + timedelta(hours=1)
        )
    )
    assert report.status == Status.POSTPONED
    assert report.postponed_until == date(2026, 3, 20)
    assert (report.due_kind, report.due_at, report.due_days) == (DueKind.POSTPONED, wib(3, 20, 0), None)
    event = last_event(report)
    assert (event.kind, event.audience, event.data) == ("postponed", EventAudience.INTERNAL, {"until": "2026-03-20"})
    assert event.internal_note == "Tunggu musim hujan."
    intact(report)


@pytest.mark.parametrize("until", ["besok", "2026-03-02", "2026-03-01", "2027-03-04", "2026-02-30"])
def test_postpone_refuses_bad_dates(world: Any, steps: Steps, until: str) -> None:
    report = steps.file(at=T0).report
    refused("invalid_date", report, lifecycle.postpone, steps.verifier, report, until=until, at=T0)


def test_postpone_at_most_366_days_ahead(world: Any, steps: Steps) -> None:
    report = steps.file(at=T0).report
    report = reload(lifecycle.postpone(steps.verifier, report, until=date(2027, 3, 3), at=T0))
    assert report.due_at == wib(3, 3, 0, year=2027)


def test_postpone_refusals(world: Any, steps: Steps) -> None:
    report = steps.file(at=T0).report
    refused("forbidden", report, lifecycle.postpone, steps.admin, report, until="2026-03-20", at=T0)
    routed = steps.routed(at=T0).report
    refused("invalid_state", routed, lifecycle.postpone, steps.verifier, routed, until="2026-03-20", at=T0)


# --- archive / merge ---


def test_archive_with_a_reason(world: Any, steps: Steps) -> None:
    report = steps.file(at=T0).report
    at = T0 + timedelta(hours=1)
    report = reload(lifecycle.archive(steps.verifier, report, reason="spam", at=at))
    assert report.status == Status.ARCHIVED
    assert (report.archive_reason, report.closed_at) == ("spam", at)
    assert (report.due_kind, report.due_at, report.escalate_at) == ("", None, None)
    event = last_event(report)
    assert (event.kind, event.audience, event.data) == ("archived", EventAudience.REPORTER, {"reason": "spam"})
    intact(report)


def test_archive_refusals(world: Any, steps: Steps) -> None:
    report = steps.file(at=T0).report
    verifier = steps.verifier
    refused("invalid_reason", report, lifecycle.archive, verifier, report, reason="bosan")
    refused("use_merge", report, lifecycle.archive, verifier, report, reason="duplicate")
    refused("missing_field", report, lifecycle.archive, verifier, report, reason="other")
    refused("forbidden", report, lifecycle.archive, steps.admin, report, reason="spam")
    routed = steps.routed(at=T0).report
    refused("invalid_state", routed, lifecycle.archive, verifier, routed, reason="spam")
    # "other" with an explanation is fine.
    done = lifecycle.archive(verifier, report, reason="other", message="Laporan uji coba dari petugas.")
    assert done.archive_reason == "other"


def test_merge_archives_the_duplicate_into_the_original(world: Any, steps: Steps) -> None:
    original = steps.routed(at=T0).report
    duplicate = steps.file(at=T0 + timedelta(hours=2)).report
    at = T0 + timedelta(hours=3)
    lifecycle.merge(steps.verifier, duplicate, into=original.code, message="Sudah dilaporkan.", at=at)
    duplicate, original = reload(duplicate), reload(original)
    assert duplicate.status == Status.ARCHIVED
    assert (duplicate.archive_reason, duplicate.merged_into_id, duplicate.closed_at) == ("duplicate", original.pk, at)
    assert last_event(duplicate).data == {"into": original.code}
    assert original.status == Status.DISPOSITIONED
    assert original.support_count == 1
    event = last_event(original)
    assert (event.kind, event.audience, event.data) == (
        "duplicate_merged",
        EventAudience.INTERNAL,
        {"from": duplicate.code},
    )
    intact(duplicate)
    intact(original)


def test_merge_refusals(world: Any, steps: Steps) -> None:
    report = steps.file(at=T0).report
    other = steps.file(at=T0).report
    spam = steps.file(at=T0).report
    lifecycle.archive(steps.verifier, spam, reason="spam", at=T0 + timedelta(hours=1))
    other_before = reload(other).last_hash
    refused("invalid_merge", report, lifecycle.merge, steps.verifier, report, into=report.code)
    refused("invalid_merge", report, lifecycle.merge, steps.verifier, report, into=spam.code)
    refused("not_found", report, lifecycle.merge, steps.verifier, report, into="ZZZZ-ZZZZ")
    refused("forbidden", report, lifecycle.merge, steps.admin, report, into=other.code)
    routed = steps.routed(at=T0).report
    refused("invalid_state", routed, lifecycle.merge, steps.verifier, routed, into=other.code)
    assert reload(other).last_hash == other_before
    assert reload(other).support_count == 0


# --- accept / assign ---


def test_accept_keeps_the_follow_up_clock(world: Any, steps: Steps) -> None:
    report = steps.routed(at=T0).report
    report = reload(lifecycle.accept(steps.admin, report, message="Kami tangani.", at=wib(3, 3)))
    assert report.status == Status.IN_PROGRESS
    assert (report.due_kind, report.due_at) == (DueKind.FOLLOW_UP, wib(3, 10, 0))
    event = last_event(report)
    assert (event.kind, event.public_text, event.data) == ("accepted", "Kami tangani.", {"institution": "pemkab-33-26"})
    assert active_assignments(report) == [("pemkab-33-26", Assignment.Level.INSTITUTION)]
    intact(report)


def test_accept_refusals(world: Any, steps: Steps) -> None:
    report = steps.routed(at=T0).report
    for user in (world.other_admin, world.health_liaison, world.verifier, world.province_admin, world.citizen):
        refused("forbidden", report, lifecycle.accept, world.actor(user), report)
    lifecycle.accept(steps.admin, report)
    refused("invalid_state", report, lifecycle.accept, steps.admin, report)


def test_assign_to_a_unit_and_reassign(world: Any, steps: Steps) -> None:
    report = steps.routed(at=T0).report
    report = reload(lifecycle.assign(steps.admin, report, institution="pemkab-33-26-dinas-pu", at=wib(3, 3)))
    assert report.status == Status.IN_PROGRESS
    assert (report.institution, report.unit) == (world.regency, world.dinas_pu)
    assert (report.due_kind, report.due_at) == (DueKind.FOLLOW_UP, wib(3, 10, 0))
    assert active_assignments(report) == [("pemkab-33-26", "institution"), ("pemkab-33-26-dinas-pu", "unit")]
    assert last_event(report).data == {"unit": "pemkab-33-26-dinas-pu"}
    assert Notification.objects.filter(report=report, kind="assigned", institution=world.dinas_pu).count() == 1

    report = reload(lifecycle.assign(steps.admin, report, institution=world.dinas_kesehatan, at=wib(3, 4)))
    assert report.unit == world.dinas_kesehatan
    assert active_assignments(report) == [("pemkab-33-26", "institution"), ("pemkab-33-26-dinkes", "unit")]
    ended = Assignment.objects.get(report=report, institution=world.dinas_pu)
    assert (ended.ended_at, ended.end_reason) == (wib(3, 4), "reassigned")
    intact(report)


def test_assign_refusals(world: Any, steps: Steps) -> None:
    report = steps.routed(at=T0).report
    admin = steps.admin
    refused("forbidden", report, lifecycle.assign, steps.liaison, report, institution=world.dinas_pu)
    refused("forbidden", report, lifecycle.assign, world.actor(world.other_admin), report, institution=world.dinas_pu)
    refused("forbidden", report, lifecycle.assign, steps.verifier, report, institution=world.dinas_pu)
    refused("invalid_institution", report, lifecycle.assign, admin, report, institution=world.other_unit)
    refused("invalid_institution", report, lifecycle.assign, admin, report, institution=world.regency)
    refused("invalid_institution", report, lifecycle.assign, admin, report, institution=world.province)
    refused("unknown_institution", report, lifecycle.assign, admin, report, institution="tidak-ada")
    lifecycle.assign(admin, report, institution=world.dinas_pu)
    refused("invalid_institution", report, lifecycle.assign, admin, report, institution=world.dinas_pu)


# --- not_authority (the rules are in test_no_ping_pong) ---


def test_not_authority_refusals(world: Any, steps: Steps) -> None:
    report = steps.routed(at=T0).report
    admin = steps.admin
    refused("missing_field", report, lifecycle.not_authority, admin, report, reason="")
    refused("missing_field", report, lifecycle.not_authority, admin, report, reason="bukan")
    refused(
        "unknown_institution",
        report,
        lifecycle.not_authority,
        admin,
        report,
        reason="Jalan provinsi, bukan jalan kabupaten.",
        proposal="tidak-ada",
    )
    for user in (world.citizen, world.other_admin, world.verifier, world.health_liaison):
        refused(
            "forbidden",
            report,
            lifecycle.not_authority,
            world.actor(user),
            report,
            reason="Jalan provinsi, bukan jalan kabupaten.",
        )
    unverified = steps.file(at=T0).report
    refused(
        "forbidden",
        unverified,
        lifecycle.not_authority,
        admin,
        unverified,
        reason="Jalan provinsi, bukan jalan kabupaten.",
    )


# --- respond ---


def test_respond_starts_the_reporters_window(world: Any, steps: Steps) -> None:
    report = steps.routed(at=T0).report
    at = wib(3, 3)
    report = reload(lifecycle.respond(steps.admin, report, message=LONG, at=at))
    assert report.status == Status.RESPONDED
    assert (report.first_response_at, report.responded_at) == (at, at)
    assert (report.due_kind, report.due_days, report.due_at) == (DueKind.REPORTER_WINDOW, 10, wib(3, 18, 0))
    event = last_event(report)
    assert (event.kind, event.audience, event.public_text) == ("responded", EventAudience.PUBLIC, LONG)
    assert Notification.objects.filter(report=report, kind="responded", audience="reporter").exists()
    intact(report)


def test_unit_responds_for_itself(world: Any, steps: Steps) -> None:
    report = steps.assigned(at=T0).report
    report = reload(lifecycle.respond(steps.liaison, report, message=LONG, at=wib(3, 3)))
    assert report.status == Status.RESPONDED
    assert last_event(report).data == {"institution": "pemkab-33-26-dinas-pu"}
    assert last_event(report).actor_user_id == world.liaison.pk


def test_respond_refusals(world: Any, steps: Steps) -> None:
    report = steps.routed(at=T0).report
    for user in (
        world.other_admin,
        world.other_liaison,
        world.health_liaison,
        world.province_admin,
        world.verifier,
        world.oversight,
        world.citizen,
    ):
        refused("forbidden", report, lifecycle.respond, world.actor(user), report, message=LONG)
    refused("missing_field", report, lifecycle.respond, steps.admin, report, message="Sudah.")
    refused("too_long", report, lifecycle.respond, steps.admin, report, message="x" * 10_001)
    lifecycle.respond(steps.admin, report, message=LONG)
    refused("invalid_state", report, lifecycle.respond, steps.admin, report, message=LONG)
    # The Dinas PU liaison holds nothing until the report is assigned to it.
    other = steps.routed(at=T0).report
    refused("forbidden", other, lifecycle.respond, steps.liaison, other, message=LONG)


# --- the reporter: reply, dispute, confirm, rate ---


def test_reply_keeps_the_status_and_is_the_reporters(world: Any, steps: Steps) -> None:
    sub = steps.responded(at=T0)
    before = reload(sub.report)
    report = reload(
        lifecycle.reply(steps.reporter(sub), sub.report, message="Terima kasih, saya cek dulu.", at=wib(3, 4))
    )
    assert report.status == Status.RESPONDED
    assert (report.due_kind, report.due_at) == (before.due_kind, before.due_at)
    event = last_event(report)
    assert (event.kind, event.audience, event.actor_kind) == (
        "reporter_replied",
        EventAudience.REPORTER,
        ActorKind.REPORTER,
    )
    assert Notification.objects.filter(report=report, kind="reporter_replied", institution=world.regency).exists()


def test_reply_refusals(world: Any, steps: Steps) -> None:
    sub = steps.routed(at=T0)
    report = sub.report
    for actor in (world.actor(world.citizen), world.actor(world.stranger), steps.admin, Actor()):
        refused("forbidden", report, lifecycle.reply, actor, report, message="Halo.")
    refused("missing_field", report, lifecycle.reply, steps.reporter(sub), report, message=" ")
    spam = steps.file(at=T0)
    lifecycle.archive(steps.verifier, spam.report, reason="spam", at=T0 + timedelta(hours=1))
    refused("invalid_state", spam.report, lifecycle.reply, steps.reporter(spam), spam.report, message="Kenapa?")


def test_dispute_and_its_refusals(world: Any, steps: Steps) -> None:
    sub = steps.responded(at=T0)
    report = sub.report
    refused("forbidden", report, lifecycle.dispute, world.actor(world.citizen), report, message="Belum beres.")
    refused("forbidden", report, lifecycle.dispute, steps.admin, report, message="Belum beres.")
    refused("missing_field", report, lifecycle.dispute, steps.reporter(sub), report, message="")
    report = reload(lifecycle.dispute(steps.reporter(sub), report, message="Belum beres.", at=wib(3, 4)))
    assert report.status == Status.IN_PROGRESS
    assert (report.due_kind, report.due_at) == (DueKind.FOLLOW_UP, wib(3, 12, 0))
    refused("invalid_state", report, lifecycle.dispute, steps.reporter(sub), report, message="Belum beres.")


def test_confirm_and_its_refusals(world: Any, steps: Steps) -> None:
    sub = steps.responded(at=T0)
    report = sub.report
    # A citizen who is not the reporter cannot confirm, nor can the institution confirm its own answer.
    for actor in (
        world.actor(world.citizen),
        world.actor(world.stranger),
        steps.admin,
        steps.verifier,
        Actor.reporter_with_token("salah"),
    ):
        refused("forbidden", report, lifecycle.confirm, actor, report)
    at = wib(3, 5)
    report = reload(lifecycle.confirm(steps.reporter(sub), report, message="Sudah bagus.", at=at))
    assert report.status == Status.COMPLETED
    assert (report.closed_how, report.closed_at) == ("confirmed", at)
    assert (report.due_kind, report.due_at, report.escalate_at) == ("", None, None)
    assert last_event(report).actor_kind == ActorKind.REPORTER
    refused("invalid_state", report, lifecycle.confirm, steps.reporter(sub), report)
    intact(report)


def test_account_reporters_confirm_for_themselves(world: Any, steps: Steps) -> None:
    citizen = world.actor(world.citizen)
    report = steps.responded(at=T0, actor=citizen).report
    refused("forbidden", report, lifecycle.confirm, world.actor(world.stranger), report)
    report = reload(lifecycle.confirm(citizen, report, at=wib(3, 5)))
    assert report.status == Status.COMPLETED
    event = last_event(report)
    assert (event.actor_kind, event.actor_user_id) == (ActorKind.REPORTER, world.citizen.pk)


def test_every_reporter_event_is_recorded_as_the_reporters(world: Any, steps: Steps) -> None:
    """Whatever proof they used (account or access link), the reporter's events say “reporter”."""
    citizen = world.actor(world.citizen)
    report = steps.file(at=T0, actor=citizen).report
    lifecycle.request_info(steps.verifier, report, message="Di RT/RW berapa?", at=T0 + timedelta(hours=1))
    lifecycle.supply_info(citizen, report, message="RT 02 RW 05.", at=T0 + timedelta(hours=2))
    lifecycle.verify(steps.verifier, report, institution=world.regency, at=T0 + timedelta(hours=3))
    lifecycle.reply(citizen, report, message="Tambahan: lubangnya dua.", at=T0 + timedelta(hours=4))
    lifecycle.respond(steps.admin, report, message=LONG, at=wib(3, 3))
    lifecycle.dispute(citizen, report, message="Baru satu yang ditambal.", at=wib(3, 4))
    lifecycle.respond(steps.admin, report, message=LONG, at=wib(3, 5))
    lifecycle.confirm(citizen, report, at=wib(3, 6))
    lifecycle.rate(citizen, report, score=5, at=wib(3, 6))
    by_reporter = ReportEvent.objects.filter(
        report=report, kind__in=["info_supplied", "reporter_replied", "disputed", "confirmed", "rated"]
    )
    assert by_reporter.count() == 5
    assert set(by_reporter.values_list("actor_kind", flat=True)) == {ActorKind.REPORTER}
    intact(report)


# --- reopen ---


def test_reopen_a_completed_report_goes_back_to_the_institution(world: Any, steps: Steps) -> None:
    sub = steps.responded(at=T0)
    lifecycle.confirm(steps.reporter(sub), sub.report, at=wib(3, 4))
    at = wib(3, 6)
    report = reload(lifecycle.reopen(steps.verifier, sub.report, message="Lubang muncul lagi.", at=at))
    assert report.status == Status.IN_PROGRESS
    assert (report.closed_at, report.closed_how) == (None, "")
    assert report.institution == world.regency
    assert (report.due_kind, report.due_at) == (DueKind.FOLLOW_UP, wib(3, 14, 0))
    assert report.escalate_at == at + timedelta(days=60)
    intact(report)


def test_reopen_an_archived_report_goes_back_to_verification(world: Any, steps: Steps) -> None:
    original = steps.file(at=T0).report
    duplicate = steps.file(at=T0).report
    lifecycle.merge(steps.verifier, duplicate, into=original, at=T0 + timedelta(hours=1))
    assert reload(original).support_count == 1
    report = reload(lifecycle.reopen(steps.verifier, duplicate, message="Ternyata lokasi berbeda.", at=wib(3, 3)))
    assert report.status == Status.SUBMITTED
    assert (report.merged_into_id, report.archive_reason, report.closed_at) == (None, "", None)
    assert (report.due_kind, report.due_at) == (DueKind.VERIFY, wib(3, 7, 0))
    assert reload(original).support_count == 0
    intact(report)


def test_reopen_refusals(world: Any, steps: Steps) -> None:
    sub = steps.responded(at=T0)
    report = sub.report
    refused("invalid_state", report, lifecycle.reopen, steps.verifier, report, message="Buka lagi.")
    lifecycle.confirm(steps.reporter(sub), report)
    refused("forbidden", report, lifecycle.reopen, steps.admin, report, message="Buka lagi.")
    refused("forbidden", report, lifecycle.reopen, steps.reporter(sub), report, message="Buka lagi.")
    refused("missing_field", report, lifecycle.reopen, steps.verifier, report, message="")


# --- comment / note ---


def test_comment_reaches_the_reporter_and_note_stays_internal(world: Any, steps: Steps) -> None:
    report = steps.assigned(at=T0).report
    lifecycle.comment(steps.liaison, report, message="Mohon foto lokasi.", at=wib(3, 3))
    lifecycle.comment(steps.verifier, report, message="Laporan sudah diteruskan.", at=wib(3, 3))
    lifecycle.note(steps.admin, report, message="Anggaran tersedia.", at=wib(3, 3))
    report = reload(report)
    assert report.status == Status.IN_PROGRESS
    events = list(ReportEvent.objects.filter(report=report).order_by("seq"))[-3:]
    assert [(e.kind, e.audience) for e in events] == [
        ("staff_message", EventAudience.REPORTER),
        ("staff_message", EventAudience.REPORTER),
        ("note", EventAudience.INTERNAL),
    ]
    assert events[0].public_text == "Mohon foto lokasi."
    assert (events[2].public_text, events[2].internal_note) == ("", "Anggaran tersedia.")
    intact(report)


def test_comment_and_note_refusals(world: Any, steps: Steps) -> None:
    sub = steps.routed(at=T0)
    report = sub.report
    for user in (world.other_admin, world.health_liaison, world.stranger, world.citizen):
        refused("forbidden", report, lifecycle.comment, world.actor(user), report, message="Halo.")
        refused("forbidden", report, lifecycle.note, world.actor(user), report, message="Halo.")
    refused("forbidden", report, lifecycle.note, steps.reporter(sub), report, message="Halo.")
    refused("missing_field", report, lifecycle.comment, steps.admin, report, message="")
    refused("missing_field", report, lifecycle.note, steps.admin, report, message="")
    spam = steps.file(at=T0).report
    lifecycle.archive(steps.verifier, spam, reason="spam")
    refused("invalid_state", spam, lifecycle.comment, steps.verifier, spam, message="Halo.")
    # A note is always possible, even on an archived report.
    assert reload(lifecycle.note(steps.verifier, spam, message="Pengirim yang sama mengirim 40 kali.")).status == (
        Status.ARCHIVED
    )


# --- the API-style dispatch ---


def test_perform_runs_actions_by_name(world: Any, steps: Steps) -> None:
    sub = steps.file(at=T0)
    typed = sub.report.code.replace("-", "").lower()  # as a citizen might type it
    report = lifecycle.perform(steps.verifier, typed, "verify", {"institution": "pemkab-33-26", "message": ""})
    assert reload(report).status == Status.DISPOSITIONED
    lifecycle.perform(steps.admin, sub.report.code, "assign", {"institution": "pemkab-33-26-dinas-pu"})
    lifecycle.perform(steps.liaison, sub.report.code, "respond", {"message": LONG})
    lifecycle.perform(steps.reporter(sub), sub.report.code, "confirm", {})
    report = reload(lifecycle.perform(steps.reporter(sub), sub.report.code, "rate", {"score": "4", "extra": "x"}))
    assert (report.status, report.closed_how, report.rating) == (Status.COMPLETED, "confirmed", 4)
    assert kinds(report) == ["submitted", "verified", "assigned", "responded", "confirmed", "rated"]
    intact(report)


def test_perform_takes_the_not_authority_reason_from_message(world: Any, steps: Steps) -> None:
    report = steps.routed(at=T0).report
    lifecycle.perform(
        steps.admin,
        report.code,
        "not_authority",
        {"message": "Jalan provinsi, bukan jalan kabupaten.", "proposal": "pemprov-33"},
    )
    report = reload(report)
    assert report.status == Status.SUBMITTED
    assert last_event(report).public_text == "Jalan provinsi, bukan jalan kabupaten."


def test_perform_refusals(world: Any, steps: Steps) -> None:
    sub = steps.routed(at=T0)
    report = sub.report
    refused("unknown_action", report, lifecycle.perform, steps.admin, report.code, "selesaikan", {})
    refused("unknown_action", report, lifecycle.perform, steps.admin, report.code, "__init__", {})
    refused("missing_field", report, lifecycle.perform, steps.admin, report.code, "respond", {})
    refused("missing_field", report, lifecycle.perform, steps.admin, report.code, "respond", {"message": ""})
    refused("missing_field", report, lifecycle.perform, steps.admin, report.code, "assign", {"message": "ke PU"})
    refused("missing_field", report, lifecycle.perform, steps.admin, report.code, "not_authority", {})
    refused(
        "unexpected_file",
        report,
        lifecycle.perform,
        steps.admin,
        report.code,
        "accept",
        {},
        attachments=[("foto.jpg", b"\xff\xd8\xff")],
    )
    refused(
        "forbidden", report, lifecycle.perform, steps.liaison, report.code, "verify", {"institution": "pemkab-33-26"}
    )
    with pytest.raises(lifecycle.LifecycleError) as caught:
        lifecycle.perform(steps.admin, "ZZZZ-ZZZZ", "accept", {})
    assert caught.value.code == "not_found"
    with pytest.raises(lifecycle.LifecycleError) as caught:
        lifecycle.perform(steps.admin, "bukan kode", "accept", {})
    assert caught.value.code == "not_found"


def test_refusal_carries_an_http_status(world: Any, steps: Steps) -> None:
    report = steps.routed(at=T0).report
    statuses = {
        refused("forbidden", report, lifecycle.verify, steps.liaison, report, institution=world.regency).status,
        refused("invalid_state", report, lifecycle.verify, steps.verifier, report, institution=world.regency).status,
        refused("missing_field", report, lifecycle.respond, steps.admin, report, message="").status,
    }
    assert statuses == {403, 409, 400}
