"""The receive and DLR callbacks through Django's test client (the real-Kannel tests are in test_kannel.py)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from aduan.channels import inbound
from aduan.channels.models import ChannelAccount, InboundMessage
from aduan.notify.models import Notification
from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.models import Report, ReportEvent, Status

pytestmark = pytest.mark.django_db
State = InboundMessage.State
PHONE = "081234567890"
OTHER = "085711112222"
_ids = iter(range(1, 10_000))


def sms(client: Client, text: str, sender: str = PHONE, to: str = "1708", **extra: str) -> Any:
    params = {"from": sender, "to": to, "text": text, "id": f"kannel-{next(_ids)}", "ts": "1795904438", **extra}
    response = client.get("/channels/kannel/receive", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    return response


def body(response: Any) -> str:
    return response.content.decode()


def last_report() -> Report:
    return Report.objects.select_related("reporter").order_by("-pk").first()


def test_new_report_answers_with_the_tracking_code_and_marks_that_notification_sent(client: Client, world: Any) -> None:
    response = sms(client, "Jalan utama Desa Bodas berlubang dalam sejak bulan lalu dan membahayakan pengendara")
    report = last_report()
    assert report.channel == "sms" and report.classification == "complaint"
    assert report.title.startswith("Jalan utama Desa Bodas")
    assert report.body.endswith("membahayakan pengendara")
    assert report.code in body(response)
    assert body(response).startswith("Laporan Anda kami terima")
    identity = report.reporter.reveal()
    assert identity["phone"] == "+6281234567890" and identity["sender"] == PHONE
    # The answer is the "submitted" SMS notification: sent now, with a delivery report asked for it.
    row = Notification.objects.get(report=report, channel="sms", kind="submitted")
    assert row.state == Notification.State.SENT and row.provider_id == str(row.pk)
    assert response["X-Kannel-DLR-Mask"] == "31"
    assert response["X-Kannel-DLR-Url"].endswith(f"/channels/kannel/dlr?id={row.pk}&status=%d&answer=%A&ts=%T")
    assert "X-Kannel-Coding" not in response
    message = InboundMessage.objects.get(channel="sms")
    assert (message.state, message.result, message.report_id) == (State.PROCESSED, "submitted", report.pk)
    assert inbound.raw_of(message)["text"].startswith("Jalan utama")


def test_a_repeat_of_the_same_kannel_id_gets_the_same_answer_and_no_second_report(client: Client, world: Any) -> None:
    params = {"from": PHONE, "to": "1708", "text": "Sampah menumpuk di pasar", "id": "same-id", "ts": "1"}
    first = client.get("/channels/kannel/receive", params)
    second = client.get("/channels/kannel/receive", params)
    assert body(first) == body(second)
    assert Report.objects.count() == 1
    assert InboundMessage.objects.filter(channel="sms").count() == 1
    assert Notification.objects.filter(channel="sms", kind="submitted").count() == 1


def test_without_kannel_id_the_message_digest_dedupes(client: Client, world: Any) -> None:
    params = {"from": PHONE, "to": "1708", "text": "Lampu jalan mati", "ts": "5"}
    client.get("/channels/kannel/receive", params)
    client.get("/channels/kannel/receive", params)
    assert Report.objects.count() == 1


def test_a_number_owned_by_an_institution_lands_in_its_queue(client: Client, world: Any) -> None:
    ChannelAccount.objects.create(channel="sms", address="+6285600001111", institution=world.regency)
    sms(client, "Puskesmas tutup pada jam kerja", to="085600001111")
    report = last_report()
    assert report.intake_institution_id == world.regency.pk
    assert InboundMessage.objects.get(channel="sms").account.institution_id == world.regency.pk


def test_info_answers_the_reporter_from_any_form_of_their_number(client: Client, world: Any) -> None:
    sms(client, "Jembatan desa retak dan miring", sender="+6281234567890")
    code = last_report().code
    for form in ("081234567890", "6281234567890", "+6281234567890"):
        answer = body(sms(client, f"info {code.lower()}", sender=form))
        assert answer == f"Laporan {code}: Belum terverifikasi."


def test_info_on_a_report_that_is_not_public_is_refused_to_other_numbers(client: Client, world: Any) -> None:
    sms(client, "Jembatan desa retak dan miring")
    code = last_report().code
    answer = body(sms(client, f"STATUS {code}", sender=OTHER))
    assert answer == f"Status laporan {code} hanya dapat dilihat dari nomor yang dipakai saat melapor."
    assert InboundMessage.objects.filter(result="not_reporter", state=State.REJECTED).count() == 1


def test_info_on_a_public_report_is_public_and_names_no_reporter(client: Client, world: Any, file_report: Any) -> None:
    report = file_report(anonymous=True).report
    lifecycle.verify(Actor.for_user(world.verifier), report.code, institution=world.regency.code)
    answer = body(sms(client, f"INFO {report.code}", sender=OTHER))
    assert answer == f"Laporan {report.code}: Belum ditindaklanjuti. Ditangani: Pemerintah Kabupaten Pekalongan."
    assert "Siti" not in answer and "0812" not in answer


def test_info_on_a_confidential_verified_report_is_refused_to_others(
    client: Client, world: Any, file_report: Any
) -> None:
    report = file_report(confidential=True, reporter={"phone": "081299998888"}).report
    lifecycle.verify(Actor.for_user(world.verifier), report.code, institution=world.regency.code)
    answer = body(sms(client, f"INFO {report.code}", sender=OTHER))
    assert answer == f"Status laporan {report.code} hanya dapat dilihat dari nomor yang dipakai saat melapor."
    assert "Pemerintah" not in answer


def test_balas_is_the_reporters_reply(client: Client, world: Any) -> None:
    sms(client, "Air PDAM tidak mengalir tiga hari", sender="6281234567890")
    report = last_report()
    answer = body(sms(client, f"BALAS {report.code} sampai hari ini masih mati", sender="081234567890"))
    assert answer == f"Balasan Anda untuk laporan {report.code} sudah kami terima dan diteruskan."
    event = ReportEvent.objects.filter(report=report).order_by("-seq").first()
    assert (event.kind, event.public_text, event.actor_kind) == (
        "reporter_replied",
        "sampai hari ini masih mati",
        "reporter",
    )


def test_balas_while_information_is_asked_supplies_it(client: Client, world: Any) -> None:
    sms(client, "Pungutan liar di kantor desa")
    report = last_report()
    lifecycle.request_info(Actor.for_user(world.verifier), report.code, message="Desa mana?")
    sms(client, f"reply {report.code} Desa Bodas, Kandangserang")
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert report.events.order_by("-seq").first().kind == "info_supplied"


def test_balas_from_another_number_is_refused_and_kept(client: Client, world: Any) -> None:
    sms(client, "Pungutan liar di kantor desa")
    report = last_report()
    answer = body(sms(client, f"BALAS {report.code} ini bukan laporan saya", sender=OTHER))
    assert answer == f"Laporan {report.code} hanya dapat dibalas dari nomor yang dipakai saat melapor."
    assert not report.events.filter(kind="reporter_replied").exists()
    assert InboundMessage.objects.filter(state=State.REJECTED, result="not_reporter").exists()


def test_balas_on_an_archived_report_says_why(client: Client, world: Any) -> None:
    sms(client, "Pungutan liar di kantor desa")
    report = last_report()
    lifecycle.archive(Actor.for_user(world.verifier), report.code, reason="spam")
    response = sms(client, f"BALAS {report.code} kenapa diarsipkan")
    assert body(response).startswith(f"Laporan {report.code}: ")
    assert "Diarsipkan" in body(response)
    # The lifecycle's refusal has typographic quotes: outside GSM-7, so the answer goes out as UCS-2.
    assert response["X-Kannel-Coding"] == "2"


@pytest.mark.parametrize(
    ("text", "answer", "result"),
    [
        ("", "Pesan kosong.", "empty"),
        ("   ", "Pesan kosong.", "empty"),
        ("INFO", "Format: INFO <kode>", "usage"),
        ("BALAS", "Format: BALAS <kode> <pesan>", "usage"),
        ("INFO ZZZZ-ZZZZ", "Laporan dengan kode ZZZZ-ZZZZ tidak ditemukan.", "unknown_code"),
        ("BALAS ZZZZ-ZZZZ halo", "Laporan dengan kode ZZZZ-ZZZZ tidak ditemukan.", "unknown_code"),
        ("ok", "Laporan belum dapat kami terima:", "too_short"),
    ],
)
def test_bad_input_gets_a_clear_answer_and_is_kept(
    client: Client, world: Any, text: str, answer: str, result: str
) -> None:
    assert body(sms(client, text)).startswith(answer)
    message = InboundMessage.objects.get(channel="sms")
    assert message.state == State.REJECTED
    assert message.result == result or result == "too_short"
    assert message.error.startswith(answer)
    assert Report.objects.count() == 0


def test_balas_without_text(client: Client, world: Any) -> None:
    sms(client, "Pungutan liar di kantor desa")
    code = last_report().code
    assert body(sms(client, f"BALAS {code}")) == f"Tulis pesan Anda setelah kode: BALAS {code} <pesan>."


@pytest.mark.parametrize("sender", ["", "TELKOMSEL", "12"])
def test_a_sender_that_is_not_a_number_is_answered_and_kept(client: Client, world: Any, sender: str) -> None:
    assert body(sms(client, "Jalan rusak parah", sender=sender)).startswith("Nomor pengirim tidak dikenali")
    assert InboundMessage.objects.get(channel="sms").result == "bad_sender"
    assert Report.objects.count() == 0


def test_status_word_then_a_sentence_is_a_report(client: Client, world: Any) -> None:
    answer = body(sms(client, "Status jalannya rusak parah sejak banjir"))
    assert answer.startswith("Laporan Anda kami terima")
    assert last_report().body == "Status jalannya rusak parah sejak banjir"


def test_anonim_and_rahasia_prefixes(client: Client, world: Any) -> None:
    sms(client, "ANONIM rahasia Kepala desa meminta uang untuk surat pengantar")
    report = last_report()
    assert report.anonymous and report.confidential
    assert report.body == "Kepala desa meminta uang untuk surat pengantar"


def test_ucs2_text_not_recoded_by_kannel_is_decoded(client: Client, world: Any) -> None:
    text = "Lampu mati — ✓ مرحبا 😀"
    encoded = quote(text.encode("utf-16-be"))
    query = f"from={PHONE}&to=1708&text={encoded}&id=u1&ts=1&coding=2&charset=UTF-16BE"
    response = client.get(f"/channels/kannel/receive?{query}")
    assert response.status_code == 200
    assert last_report().body == text


def test_shared_secret_and_allowed_addresses(client: Client, world: Any, settings: Any) -> None:
    settings.ADUAN_KANNEL_RECEIVE_TOKEN = "s3cret"
    params = {"from": PHONE, "to": "1708", "text": "Jalan rusak", "id": "t1"}
    assert client.get("/channels/kannel/receive", params).status_code == 403
    assert client.get("/channels/kannel/dlr", {"id": "1", "status": "1"}).status_code == 403
    assert Report.objects.count() == 0 and not InboundMessage.objects.exists()
    response = client.get("/channels/kannel/receive", {**params, "token": "s3cret"})
    assert response.status_code == 200
    assert "token=s3cret" in response["X-Kannel-DLR-Url"]
    assert "token" not in inbound.raw_of(InboundMessage.objects.get(channel="sms"))
    settings.ADUAN_KANNEL_ALLOWED_IPS = ["10.0.0.5"]
    assert client.get("/channels/kannel/receive", {**params, "token": "s3cret", "id": "t2"}).status_code == 403
    settings.ADUAN_KANNEL_ALLOWED_IPS = ["127.0.0.1"]
    assert client.get("/channels/kannel/receive", {**params, "token": "s3cret", "id": "t3"}).status_code == 200


def test_delivery_reports(client: Client, world: Any) -> None:
    sms(client, "Jalan rusak parah di desa")
    row = Notification.objects.get(channel="sms", kind="submitted")

    def dlr(status: str, answer: str = "") -> str:
        params = {"id": str(row.pk), "status": status, "answer": answer, "ts": "9"}
        response = client.get("/channels/kannel/dlr", params)
        assert response.status_code == 200
        return body(response)

    assert dlr("8", "ACK/") == "accepted"
    row.refresh_from_db()
    assert row.state == Notification.State.SENT
    assert dlr("1") == "delivered"
    row.refresh_from_db()
    assert row.state == Notification.State.DELIVERED and row.delivered_at is not None
    assert dlr("1") == "delivered"  # Kannel's retry of the same report: kept once
    assert InboundMessage.objects.filter(channel="sms-dlr").count() == 2
    assert dlr("x") == "bad_status"
    assert dlr("16", "NACK/0x0000000b/Invalid Destination Address") == "failed_unmatched"  # delivered stays


def test_a_failed_delivery_report_marks_the_notification_failed(client: Client, world: Any) -> None:
    sms(client, "Jalan rusak parah di desa")
    row = Notification.objects.get(channel="sms", kind="submitted")
    client.get("/channels/kannel/dlr", {"id": str(row.pk), "status": "16", "answer": "NACK/0x0b/Invalid Dest"})
    row.refresh_from_db()
    assert row.state == Notification.State.FAILED and "Invalid Dest" in row.last_error
    assert client.get("/channels/kannel/dlr", {"id": "abc", "status": "1"}).content == b"bad_id"
