"""DESIGN §3 “No ping-pong”: “not our authority” needs a reason and goes back to the verifier; after the second
transfer the verifier's routing is final; a unit that declines hands the report back to its own institution."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aduan.notify.models import Notification
from aduan.reports import audit, lifecycle
from aduan.reports.errors import NotAllowed
from aduan.reports.models import Assignment, DueKind, EventAudience, Status

from .helpers import T0, Steps, active_assignments, kinds, last_event, refused, reload, wib

REASON = "Ruas jalan ini jalan provinsi, bukan kewenangan kabupaten."


def test_not_authority_returns_the_report_to_the_verifier(world: Any, steps: Steps) -> None:
    report = steps.routed(at=T0).report
    refused("missing_field", report, lifecycle.not_authority, steps.admin, report, reason="")
    refused("missing_field", report, lifecycle.not_authority, steps.admin, report, reason="   bukan   ")

    at = wib(3, 3)
    report = reload(lifecycle.not_authority(steps.admin, report, reason=REASON, proposal="pemprov-33", at=at))
    assert report.status == Status.SUBMITTED
    assert (report.institution, report.unit) == (None, None)
    assert active_assignments(report) == []
    ended = Assignment.objects.get(report=report)
    assert (ended.institution, ended.ended_at, ended.end_reason) == (world.regency, at, "not_authority")
    assert (report.due_kind, report.due_days, report.due_at) == (DueKind.VERIFY, 3, wib(3, 7, 0))
    assert report.transfer_count == 0
    event = last_event(report)
    assert (event.kind, event.audience, event.public_text) == ("not_authority", EventAudience.PUBLIC, REASON)
    assert event.data == {"institution": "pemkab-33-26", "proposal": "pemprov-33"}
    assert event.actor_user_id == world.regency_admin.pk
    assert Notification.objects.filter(report=report, kind="not_authority", audience="verifier").count() == 1
    # The verifier can route it again; the proposal is only a proposal.
    report = reload(lifecycle.verify(steps.verifier, report, institution=world.province, at=wib(3, 4)))
    assert report.status == Status.DISPOSITIONED
    assert report.transfer_count == 1
    assert active_assignments(report) == [("pemprov-33", Assignment.Level.INSTITUTION)]
    assert list(audit.verify(report.code)) == []


def test_not_authority_without_a_proposal(world: Any, steps: Steps) -> None:
    report = steps.routed(at=T0).report
    report = reload(lifecycle.not_authority(steps.admin, report, reason=REASON, at=wib(3, 3)))
    assert report.status == Status.SUBMITTED
    assert last_event(report).data == {"institution": "pemkab-33-26", "proposal": None}


def test_after_the_second_transfer_routing_is_final(world: Any, steps: Steps) -> None:
    province_admin = world.actor(world.province_admin)
    report = steps.file(at=T0).report
    flags = []
    # verify → not_authority → verify → not_authority → verify
    report = lifecycle.verify(steps.verifier, report, institution=world.regency, at=wib(3, 2, 11))
    flags.append(last_event(report).data)
    lifecycle.not_authority(steps.admin, report, reason=REASON, proposal=world.province, at=wib(3, 3))
    report = lifecycle.verify(steps.verifier, report, institution=world.province, at=wib(3, 3, 11))
    flags.append(last_event(report).data)
    lifecycle.not_authority(
        province_admin, report, reason="Kewenangan Kementerian PU, jalan nasional.", proposal="kemen-pu", at=wib(3, 4)
    )
    report = lifecycle.verify(steps.verifier, report, institution=world.regency, at=wib(3, 4, 11))
    flags.append(last_event(report).data)

    assert flags == [
        {"institution": "pemkab-33-26", "transfer": 0, "final": False},
        {"institution": "pemprov-33", "transfer": 1, "final": False},
        {"institution": "pemkab-33-26", "transfer": 2, "final": True},
    ]
    report = reload(report)
    assert (report.status, report.transfer_count, report.institution) == (Status.DISPOSITIONED, 2, world.regency)

    error = refused(
        "forbidden", report, lifecycle.not_authority, steps.admin, report, reason=REASON, proposal="pemprov-33"
    )
    assert isinstance(error, NotAllowed)
    assert error.status == 403
    # The same through the API-style dispatch.
    refused("forbidden", report, lifecycle.perform, steps.admin, report.code, "not_authority", {"reason": REASON})
    # The institution must now handle it: it can still accept, assign and respond.
    lifecycle.assign(steps.admin, report, institution=world.dinas_pu, at=wib(3, 5))
    lifecycle.respond(steps.liaison, report, message="Sudah ditangani Dinas PU.", at=wib(3, 6))
    report = reload(report)
    assert report.status == Status.RESPONDED
    assert kinds(report) == [
        "submitted",
        "verified",
        "not_authority",
        "verified",
        "not_authority",
        "verified",
        "assigned",
        "responded",
    ]
    assert list(audit.verify(report.code)) == []


def test_the_escalation_clock_survives_the_transfers(world: Any, steps: Steps) -> None:
    report = steps.routed(at=T0).report
    first = reload(report).escalate_at
    lifecycle.not_authority(steps.admin, report, reason=REASON, at=wib(3, 3))
    assert reload(report).escalate_at == first  # still counting while the verifier decides


def test_unit_liaison_declines_to_its_institution_not_to_the_verifier(world: Any, steps: Steps) -> None:
    report = steps.assigned(at=T0).report
    before = reload(report)
    at = wib(3, 3)
    report = reload(lifecycle.not_authority(steps.liaison, report, reason="Ini urusan Dinas Kesehatan.", at=at))
    assert report.status == Status.IN_PROGRESS
    assert (report.institution, report.unit) == (world.regency, None)
    assert report.transfer_count == 0
    assert (report.due_kind, report.due_at) == (before.due_kind, before.due_at)  # the institution's clock runs on
    assert active_assignments(report) == [("pemkab-33-26", Assignment.Level.INSTITUTION)]
    ended = Assignment.objects.get(report=report, institution=world.dinas_pu)
    assert (ended.ended_at, ended.end_reason) == (at, "unit_declined")
    event = last_event(report)
    assert (event.kind, event.audience) == ("unit_declined", EventAudience.INTERNAL)
    assert event.internal_note == "Ini urusan Dinas Kesehatan."
    assert event.data == {"unit": "pemkab-33-26-dinas-pu", "institution": "pemkab-33-26"}
    assert Notification.objects.filter(report=report, kind="unit_declined", institution=world.regency).count() == 1
    assert not Notification.objects.filter(report=report, kind="unit_declined", audience="verifier").exists()
    # The institution routes it on to the right unit.
    report = reload(lifecycle.assign(steps.admin, report, institution=world.dinas_kesehatan, at=wib(3, 4)))
    assert report.unit == world.dinas_kesehatan
    assert list(audit.verify(report.code)) == []


def test_a_unit_routed_to_directly_declines_to_its_own_institution(world: Any, steps: Steps) -> None:
    report = steps.routed(at=T0, institution=world.dinas_pu).report
    assert active_assignments(report) == [("pemkab-33-26-dinas-pu", Assignment.Level.INSTITUTION)]
    report = reload(lifecycle.not_authority(steps.liaison, report, reason="Bukan urusan Dinas PU.", at=wib(3, 3)))
    assert report.status == Status.IN_PROGRESS
    assert (report.institution, report.unit) == (world.regency, None)
    assert active_assignments(report) == [("pemkab-33-26", Assignment.Level.INSTITUTION)]
    assert report.transfer_count == 0
    assert list(audit.verify(report.code)) == []


def test_a_unit_may_decline_even_after_routing_is_final(world: Any, steps: Steps) -> None:
    """Finality binds the institution the verifier chose, not the way it shares work among its units."""
    report = steps.file(at=T0).report
    for day, target in ((2, world.regency), (3, world.province), (4, world.regency)):
        lifecycle.verify(steps.verifier, report, institution=target, at=wib(3, day, 11))
        if day < 4:
            admin = steps.admin if target == world.regency else world.actor(world.province_admin)
            lifecycle.not_authority(admin, report, reason=REASON, at=wib(3, day, 12))
    lifecycle.assign(steps.admin, report, institution=world.dinas_pu, at=wib(3, 5))
    report = reload(lifecycle.not_authority(steps.liaison, report, reason="Bukan urusan Dinas PU.", at=wib(3, 5, 12)))
    assert (report.status, report.institution, report.unit) == (Status.IN_PROGRESS, world.regency, None)
    assert report.transfer_count == 2


def test_only_the_holder_may_decline(world: Any, steps: Steps) -> None:
    report = steps.assigned(at=T0).report
    for user in (
        world.health_liaison,
        world.other_admin,
        world.other_liaison,
        world.province_admin,
        world.verifier,
        world.oversight,
        world.citizen,
    ):
        refused("forbidden", report, lifecycle.not_authority, world.actor(user), report, reason=REASON)
    # Nothing to decline once answered.
    lifecycle.respond(steps.admin, report, message="Sudah ditambal kemarin.", at=T0 + timedelta(days=1))
    refused("invalid_state", report, lifecycle.not_authority, steps.admin, report, reason=REASON)
