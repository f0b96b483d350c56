"""The reporter's actions from the tracking page — supply info, reply, dispute, confirm, rate — with the
secret link or the account; nobody else may take them."""

from __future__ import annotations

from typing import Any

from django.test import Client

from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.models import Attachment, Report, ReportEvent

from .helpers import fake_jpeg, jpeg, responded, text_of, verified


def kinds(report: Report) -> list[str]:
    return list(ReportEvent.objects.filter(report=report).order_by("seq").values_list("kind", flat=True))


def act(client: Client, report: Report, action: str, token: str = "", **data: Any) -> Any:
    payload = {"t": token, **data} if token else data
    return client.post(f"/lacak/{report.code}/aksi/{action}/", payload)


def test_reply_with_a_photo(client: Client, world: Any, file_report: Any) -> None:
    submission = file_report()
    report = submission.report
    verified(world, report)
    response = act(
        client, report, "reply", submission.access_token, message="Kondisinya makin parah.", attachments=[jpeg()]
    )
    assert response.status_code == 302
    assert response["Location"] == f"/lacak/{report.code}/?t={submission.access_token}"
    assert kinds(report)[-1] == "reporter_replied"
    assert Attachment.objects.filter(report=report).count() == 1
    page = client.get(response["Location"])
    assert "Balasan Anda terkirim." in text_of(page) and "Kondisinya makin parah." in text_of(page)


def test_a_reply_with_a_bad_file_is_refused_and_kept(client: Client, world: Any, file_report: Any) -> None:
    submission = file_report()
    report = submission.report
    before = kinds(report)
    response = act(client, report, "reply", submission.access_token, message="Ini fotonya.", attachments=[fake_jpeg()])
    html = text_of(response)
    assert response.status_code == 400 and "tidak sesuai dengan namanya" in html
    assert "Ini fotonya." in html  # the message is kept
    assert kinds(report) == before and Attachment.objects.count() == 0


def test_supply_info_when_asked(client: Client, world: Any, file_report: Any) -> None:
    submission = file_report()
    report = submission.report
    lifecycle.request_info(Actor.for_user(world.verifier), report, message="Di RT berapa?")
    html = text_of(client.get(f"/lacak/{report.code}/?t={submission.access_token}"))
    assert 'id="aksi-supply_info"' in html and 'id="aksi-reply"' not in html
    act(client, report, "supply_info", submission.access_token, message="RT 03 RW 02.")
    assert Report.objects.get(pk=report.pk).status == "submitted"
    assert kinds(report)[-1] == "info_supplied"


def test_dispute_after_a_response(client: Client, world: Any, file_report: Any) -> None:
    submission = file_report()
    report = submission.report
    token = submission.access_token
    verified(world, report)
    html = text_of(client.get(f"/lacak/{report.code}/?t={token}"))
    assert 'id="aksi-dispute"' not in html  # nothing to dispute yet
    assert act(client, report, "dispute", token, message="Belum.").status_code == 409
    responded_report = lifecycle.respond(Actor.for_user(world.regency_admin), report, message="Sudah ditambal.")
    html = text_of(client.get(f"/lacak/{report.code}/?t={token}"))
    assert 'id="aksi-dispute"' in html and 'id="aksi-confirm"' in html
    assert act(client, responded_report, "dispute", token, message="Lubangnya masih ada.").status_code == 302
    assert Report.objects.get(pk=report.pk).status == "in_progress"


def test_dispute_needs_a_reason(client: Client, world: Any, file_report: Any) -> None:
    submission = file_report()
    report = submission.report
    responded(world, report)
    response = act(client, report, "dispute", submission.access_token, message="")
    assert response.status_code == 400 and "Alasan keberatan wajib diisi." in text_of(response)
    assert Report.objects.get(pk=report.pk).status == "responded"


def test_confirm_then_rate(client: Client, world: Any, file_report: Any) -> None:
    submission = file_report()
    report = submission.report
    token = submission.access_token
    responded(world, report)
    assert act(client, report, "confirm", token).status_code == 302
    report.refresh_from_db()
    assert report.status == "completed" and report.closed_how == "confirmed"
    html = text_of(client.get(f"/lacak/{report.code}/?t={token}"))
    assert 'id="aksi-rate"' in html and 'id="rate-score-5"' in html
    missing = act(client, report, "rate", token)
    assert missing.status_code == 400 and "Pilih nilai 1 sampai 5." in text_of(missing)
    assert act(client, report, "rate", token, score="4", message="Cepat.").status_code == 302
    report.refresh_from_db()
    assert report.rating == 4
    assert 'id="aksi-rate"' not in text_of(client.get(f"/lacak/{report.code}/?t={token}"))


def test_the_signed_in_reporter_acts_without_a_token(client: Client, world: Any, file_report: Any) -> None:
    report = file_report(actor=Actor.for_user(world.citizen)).report
    responded(world, report)
    client.force_login(world.citizen)
    assert act(client, report, "confirm").status_code == 302
    assert Report.objects.get(pk=report.pk).status == "completed"


def test_nobody_else_may_act(client: Client, world: Any, file_report: Any) -> None:
    report = file_report().report
    responded(world, report)
    before = kinds(report)
    anonymous = act(client, report, "confirm")
    assert anonymous.status_code == 403 and "Hanya pelapor" in text_of(anonymous)
    wrong = act(client, report, "confirm", "token-palsu")
    assert wrong.status_code == 403 and "Tautan tidak berlaku" in text_of(wrong)
    client.force_login(world.stranger)
    assert act(client, report, "reply", message="Saya juga.").status_code == 403
    client.force_login(world.regency_admin)  # staff are not the reporter either
    assert act(client, report, "dispute", message="Saya keberatan.").status_code == 403
    assert kinds(report) == before and Report.objects.get(pk=report.pk).status == "responded"


def test_only_reporter_actions_are_routed(client: Client, world: Any, file_report: Any) -> None:
    submission = file_report()
    report = submission.report
    response = act(client, report, "verify", submission.access_token, institution="pemkab-33-26")
    assert response.status_code == 404
    assert Report.objects.get(pk=report.pk).status == "submitted"
