"""What each person is offered is exactly what the lifecycle would let them do; support and claim."""

from __future__ import annotations

import pytest

from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.models import Report, ReportEvent


def _load(report: Report) -> Report:
    return Report.objects.select_related("institution", "unit", "intake_institution", "reporter").get(pk=report.pk)


def test_offers_follow_the_role_and_the_status(world, file_report) -> None:
    submission = file_report()
    report = submission.report
    reporter = Actor.reporter_with_token(submission.access_token)
    offers = lambda actor: lifecycle.available_actions(actor, _load(report))  # noqa: E731
    assert offers(world.actor(world.verifier)) == [
        "verify",
        "request_info",
        "postpone",
        "archive",
        "merge",
        "comment",
        "note",
    ]
    assert offers(world.actor(world.liaison)) == []
    assert offers(reporter) == ["reply"]
    lifecycle.verify(world.actor(world.verifier), report, institution="pemkab-33-26")
    assert offers(world.actor(world.regency_admin)) == [
        "accept",
        "assign",
        "not_authority",
        "respond",
        "comment",
        "note",
    ]
    assert offers(world.actor(world.other_admin)) == []
    assert offers(world.actor(world.oversight)) == []
    lifecycle.assign(world.actor(world.regency_admin), report, institution="pemkab-33-26-dinas-pu")
    assert offers(world.actor(world.liaison)) == ["not_authority", "respond", "comment", "note"]
    assert offers(world.actor(world.health_liaison)) == []
    lifecycle.respond(world.actor(world.liaison), report, message="Sudah kami perbaiki kemarin sore.")
    assert offers(reporter) == ["reply", "dispute", "confirm"]
    lifecycle.confirm(reporter, report)
    assert offers(reporter) == ["reply", "rate"]
    lifecycle.rate(reporter, report, score=5)
    assert offers(reporter) == ["reply"]


def test_every_offered_action_is_accepted_by_the_guard(world, file_report) -> None:
    """Offers never promise what the action then refuses for permission or state."""
    from aduan.reports.lifecycle.guards import GUARDS, guard

    report = file_report().report
    lifecycle.verify(world.actor(world.verifier), report, institution="pemkab-33-26")
    for user in (world.verifier, world.regency_admin, world.liaison, world.oversight, world.citizen):
        actor = world.actor(user)
        loaded = _load(report)
        for name in GUARDS:
            offered = name in lifecycle.available_actions(actor, loaded)
            try:
                guard(name, actor, loaded)
                allowed = True
            except lifecycle.LifecycleError:
                allowed = False
            if offered:
                assert allowed, (user.username, name)


def test_a_final_routing_is_not_offered_for_decline(world, file_report) -> None:
    report = file_report().report
    verifier, admin = world.actor(world.verifier), world.actor(world.regency_admin)
    for _ in range(2):
        lifecycle.verify(verifier, report, institution="pemkab-33-26")
        lifecycle.not_authority(admin, report, reason="Bukan kewenangan kabupaten, melainkan provinsi.")
    lifecycle.verify(verifier, report, institution="pemkab-33-26")
    assert "not_authority" not in lifecycle.available_actions(admin, _load(report))


def test_support_once_per_person_and_only_public_open_reports(world, file_report) -> None:
    report = file_report().report
    with pytest.raises(lifecycle.LifecycleError):
        lifecycle.support(Actor(), report, voter="session-a")  # not verified yet: not public
    lifecycle.verify(world.actor(world.verifier), report, institution="pemkab-33-26")
    lifecycle.support(Actor(), report, voter="session-a")
    lifecycle.support(Actor(), report, voter="session-b")
    with pytest.raises(lifecycle.LifecycleError) as refused:
        lifecycle.support(Actor(), report, voter="session-a")
    assert refused.value.code == "already_supported"
    assert _load(report).support_count == 2
    assert ReportEvent.objects.filter(report=report, kind="supported").count() == 2
    secret = file_report(confidential=True).report
    lifecycle.verify(world.actor(world.verifier), secret, institution="pemkab-33-26")
    with pytest.raises(lifecycle.LifecycleError):
        lifecycle.support(Actor(), secret, voter="session-a")


def test_claim_links_a_report_to_the_new_account_once(world, file_report) -> None:
    submission = file_report()
    with pytest.raises(lifecycle.LifecycleError):
        lifecycle.claim(Actor.reporter_with_token("salah"), submission.report, user=world.citizen)
    lifecycle.claim(Actor.reporter_with_token(submission.access_token), submission.report, user=world.citizen)
    report = _load(submission.report)
    assert report.reporter_user == world.citizen and report.reporter.user == world.citizen
    assert lifecycle.available_actions(world.actor(world.citizen), report) == ["reply"]
    with pytest.raises(lifecycle.LifecycleError) as again:
        lifecycle.claim(Actor.reporter_with_token(submission.access_token), report, user=world.stranger)
    assert again.value.code == "already_claimed"
