"""The guided conversation: from a first "halo" to a filed report with photo and location, and the commands."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aduan.channels.models import ChannelAccount, Conversation, InboundMessage
from aduan.core import crypto
from aduan.notify import delivery
from aduan.notify.models import Notification
from aduan.reports import lifecycle
from aduan.reports.models import Report, ReportEvent, Status

from .conftest import PHONE_NUMBER_ID, WA_ID, jpeg, message, notification, post, say, text

pytestmark = pytest.mark.django_db
COMPLAINT = "Jembatan gantung di dusun kami putus, anak-anak tidak bisa berangkat sekolah."


def _photo(media_id: str, caption: str = "") -> dict:
    content = {"mime_type": "image/jpeg", "sha256": "abc", "id": media_id}
    if caption:
        content["caption"] = caption
    return message("image", content)


def _location(lat: float = -7.0321, lon: float = 109.6012) -> dict:
    return message("location", {"latitude": lat, "longitude": lon, "name": "Jembatan Bodas", "address": "Bodas"})


def test_a_guided_conversation_files_a_report_with_photo_and_location(client, graph, world) -> None:
    graph.media["2754859441498128"] = (jpeg(), "image/jpeg")
    say(client, text("halo"))
    assert "tuliskan laporan" in graph.texts_to(WA_ID)[-1]
    say(client, text(COMPLAINT))
    assert "lokasi" in graph.texts_to(WA_ID)[-1].lower()
    say(client, _location())
    assert "KIRIM" in graph.texts_to(WA_ID)[-1]
    say(client, _photo("2754859441498128"))
    assert "Lampiran diterima (1)" in graph.texts_to(WA_ID)[-1]
    assert Report.objects.count() == 0
    # The draft is sealed: the complaint is not readable in the database.
    conversation = Conversation.objects.get(channel="whatsapp")
    assert "Jembatan" not in conversation.sealed_draft
    assert crypto.decrypt_json(conversation.sealed_draft)["body"] == COMPLAINT

    say(client, text("kirim"))

    report = Report.objects.get()
    assert report.channel == "whatsapp"
    assert report.body == COMPLAINT
    assert report.title.startswith("Jembatan gantung")
    assert report.latitude == Decimal("-7.032100") and report.longitude == Decimal("109.601200")
    assert "Jembatan Bodas" in report.address
    assert not report.anonymous
    assert report.attachments.count() == 1
    assert graph.media_requests == ["2754859441498128"]  # fetched with the bearer token from the Graph URL
    # The answer is the report's own notification, sent at once: the tracking code, tracked by its wamid.
    assert report.code in graph.texts_to(WA_ID)[-1]
    sent = Notification.objects.get(report=report, channel="whatsapp")
    assert sent.state == Notification.State.SENT and sent.provider_id.startswith("wamid.")
    assert delivery.deliver_due()["sent"] == 0  # nothing is sent twice
    # The reporter is known by their number: a later message from it proves them.
    assert report.reporter.reveal()["phone"] == "+6281234567890"
    assert report.reporter.reveal()["name"] == "Siti"
    filed = InboundMessage.objects.get(result="report")
    assert filed.report == report
    conversation.refresh_from_db()
    assert conversation.sealed_draft == "" and conversation.report == report


def test_a_long_first_message_is_the_complaint_and_a_typed_place_finds_the_region(client, graph, world) -> None:
    say(client, text(COMPLAINT))
    say(client, text("Desa Bodas, Kandangserang"))
    assert "Bodas" in graph.texts_to(WA_ID)[-1]
    say(client, text("KIRIM"))
    report = Report.objects.get()
    assert report.region_id == "33.26.01.2001"
    assert report.address == "Desa Bodas, Kandangserang"
    assert report.attachments.count() == 0


def test_a_photo_with_a_caption_starts_the_report(client, graph, world) -> None:
    graph.media["555"] = (jpeg(), "image/jpeg")
    say(client, _photo("555", caption=COMPLAINT))
    assert "lokasi" in graph.texts_to(WA_ID)[-1].lower()
    say(client, _location())
    say(client, text("KIRIM"))
    report = Report.objects.get()
    assert report.body == COMPLAINT and report.attachments.count() == 1


def test_kirim_asks_for_what_is_missing(client, graph, world) -> None:
    say(client, text(COMPLAINT))
    say(client, text("KIRIM"))
    assert Report.objects.count() == 0
    assert "lokasi" in graph.texts_to(WA_ID)[-1].lower()
    say(client, text("halo lagi"))  # taken as the place: anything typed is kept as the address
    say(client, text("KIRIM"))
    assert Report.objects.count() == 1


def test_batal_cancels_the_draft(client, graph, world) -> None:
    say(client, text(COMPLAINT))
    say(client, text("Batal"))
    assert "dibatalkan" in graph.texts_to(WA_ID)[-1]
    say(client, text("KIRIM"))
    assert Report.objects.count() == 0
    say(client, text("BATAL"))
    assert "Tidak ada laporan" in graph.texts_to(WA_ID)[-1]


def test_a_media_download_failure_keeps_the_draft_for_another_try(client, graph, world) -> None:
    say(client, text(COMPLAINT))
    say(client, _location())
    say(client, _photo("404404"))  # Graph does not know this media id
    say(client, text("KIRIM"))
    assert Report.objects.count() == 0
    assert InboundMessage.objects.filter(state=InboundMessage.State.FAILED, result="media_failed").count() == 1
    assert "belum dapat kami ambil" in graph.texts_to(WA_ID)[-1]
    graph.media["404404"] = (jpeg(), "image/jpeg")
    say(client, text("KIRIM"))
    assert Report.objects.get().attachments.count() == 1


def test_a_broken_attachment_is_refused_with_the_reason(client, graph, world) -> None:
    graph.media["777"] = (b"bukan gambar sama sekali", "image/jpeg")
    say(client, text(COMPLAINT))
    say(client, _location())
    say(client, _photo("777"))
    say(client, text("KIRIM"))
    assert Report.objects.count() == 0
    assert InboundMessage.objects.filter(state=InboundMessage.State.REJECTED, result__startswith="submit_").exists()
    assert "KIRIM lagi" in graph.texts_to(WA_ID)[-1]


def test_a_number_owned_by_a_regency_lands_in_its_queue(client, graph, world) -> None:
    ChannelAccount.objects.create(channel="whatsapp", address=PHONE_NUMBER_ID, institution=world.regency)
    say(client, text(COMPLAINT))
    say(client, text("Bodas"))
    say(client, text("KIRIM"))
    report = Report.objects.get()
    assert report.intake_institution == world.regency
    assert report.region_id == "33.26.01.2001"


def _filed(client, graph) -> Report:
    say(client, text(COMPLAINT))
    say(client, _location())
    say(client, text("KIRIM"))
    return Report.objects.get()


def test_info_tells_the_reporter_the_status(client, graph, world) -> None:
    report = _filed(client, graph)
    say(client, text(f"info {report.code.lower()}"))
    assert f"Laporan {report.code}: {Status.SUBMITTED.label}" in graph.texts_to(WA_ID)[-1]
    # Someone else can't learn the status of an unverified report.
    say(client, text(f"INFO {report.code}", sender="6289900001111"))
    assert "tidak ditemukan" in graph.texts_to("6289900001111")[-1]
    say(client, text("INFO ZZZZ-ZZZZ"))
    assert "tidak ditemukan" in graph.texts_to(WA_ID)[-1]


def test_balas_adds_the_reporters_reply_and_only_theirs(client, graph, world) -> None:
    report = _filed(client, graph)
    say(client, text(f"BALAS {report.code} Jembatannya sudah roboh total hari ini."))
    assert "telah kami terima" in graph.texts_to(WA_ID)[-1]
    event = ReportEvent.objects.filter(report=report, kind="reporter_replied").get()
    assert event.public_text == "Jembatannya sudah roboh total hari ini."
    say(client, text(f"BALAS {report.code} Saya bukan pelapornya.", sender="6289900001111"))
    assert ReportEvent.objects.filter(report=report, kind="reporter_replied").count() == 1
    refused = InboundMessage.objects.filter(result__startswith="reply_").get()
    assert refused.state == InboundMessage.State.REJECTED


def test_commands_leave_a_draft_alone(client, graph, world) -> None:
    report = _filed(client, graph)
    say(client, text("Selokan di depan SD tersumbat dan airnya meluap ke jalan."))
    say(client, text(f"INFO {report.code}"))
    say(client, text("Bodas"))
    say(client, text("KIRIM"))
    assert Report.objects.count() == 2


def test_a_reply_to_a_status_notification_reaches_the_report(client, graph, world) -> None:
    report = _filed(client, graph)
    lifecycle.request_info(world.actor(world.verifier), report, message="Mohon sebutkan nama dusunnya.")
    assert delivery.deliver_due()["sent"] >= 1
    assert "keterangan tambahan" in graph.texts_to(WA_ID)[-1]
    say(client, text(f"BALAS {report.code} Dusun Krajan, RT 03."))
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED  # the information asked for was supplied


def test_a_post_with_two_messages_handles_both(client, graph, world) -> None:
    response = post(client, notification([text(COMPLAINT), _location()]))
    assert response.status_code == 200
    assert InboundMessage.objects.filter(state=InboundMessage.State.PROCESSED).count() == 2
    assert "KIRIM" in graph.texts_to(WA_ID)[-1]
