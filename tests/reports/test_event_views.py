"""The history as each viewer reads it: no anonymous reporter's details reach handlers or the public."""

from __future__ import annotations

from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.models import Report
from aduan.reports.visibility import Viewer, event_views, reporter_identity, reporter_label

SECRETS = ["Siti Rahmawati", "081234567890", "siti@example.id", "3326011234560001"]


def _story(world, file_report, *, anonymous: bool, account: bool = False):
    submission = file_report(anonymous=anonymous, actor=world.actor(world.citizen) if account else None)
    report = submission.report
    reporter = world.actor(world.citizen) if account else Actor.reporter_with_token(submission.access_token)
    lifecycle.verify(world.actor(world.verifier), report, institution="pemkab-33-26-dinas-pu")
    lifecycle.note(world.actor(world.liaison), report, message="Catatan internal: cek anggaran pemeliharaan.")
    lifecycle.respond(world.actor(world.liaison), report, message="Jalan sudah kami tambal pada hari Senin.")
    lifecycle.reply(
        reporter, report, message="Saya Siti Rahmawati, hubungi 081234567890 atau siti@example.id. Belum rata."
    )
    return Report.objects.select_related("institution", "unit", "intake_institution", "reporter").get(pk=report.pk)


def _page(viewer: Viewer, report: Report) -> str:
    views = event_views(viewer, report)
    return " ".join(f"{v.actor} {v.text} {v.note} {v.data}" for v in views) + " " + reporter_label(viewer, report)


def test_handlers_and_public_never_read_an_anonymous_reporter(world, file_report) -> None:
    for account in (False, True):
        report = _story(world, file_report, anonymous=True, account=account)
        for user in (world.liaison, world.regency_admin, world.province_admin, world.oversight, None):
            page = _page(Viewer(user), report)
            for secret in [*SECRETS, world.citizen.username]:
                assert secret not in page, (user, secret)
        handler = event_views(Viewer(world.liaison), report)
        assert any("[nama disembunyikan]" in v.text for v in handler)
        assert any(v.note.startswith("Catatan internal") for v in handler)


def test_the_public_reads_staff_text_only_and_no_notes(world, file_report) -> None:
    report = _story(world, file_report, anonymous=False)
    views = event_views(Viewer(None), report)
    assert [v.kind for v in views if v.text] == ["responded"]
    assert all(v.note == "" and v.data == {} for v in views)
    responded = next(v for v in views if v.kind == "responded")
    assert responded.actor == "Dinas PU Kabupaten Pekalongan"


def test_verifier_and_reporter_read_everything_of_their_own(world, file_report) -> None:
    report = _story(world, file_report, anonymous=True, account=True)
    for user in (world.verifier, world.citizen):
        page = _page(Viewer(user), report)
        assert "081234567890" in page and "Siti Rahmawati" in page
    reporter_view = event_views(Viewer(world.citizen), report)
    assert all(v.note == "" for v in reporter_view)
    assert "note" not in [v.kind for v in reporter_view]


def test_a_regency_verifying_its_own_channel_does_not_see_an_anonymous_reporter(world, file_report) -> None:
    report = file_report(anonymous=True, intake_institution=world.regency).report
    report = Report.objects.select_related("intake_institution", "reporter").get(pk=report.pk)
    admin = Viewer(world.regency_admin)
    assert admin.verifies(report)
    lifecycle.verify(world.actor(world.regency_admin), report, institution="pemkab-33-26-dinas-pu")
    assert reporter_identity(admin, report) is None
    assert "Siti" not in reporter_label(admin, report)
    assert reporter_identity(Viewer(world.verifier), report)["name"] == "Siti Rahmawati"
