"""The webhook's edges: Meta's verification handshake, signatures, retries, malformed payloads, receipts."""

from __future__ import annotations

import pytest

from aduan.channels import inbound
from aduan.channels.models import InboundMessage
from aduan.notify import delivery
from aduan.notify.models import Notification
from aduan.reports import lifecycle
from aduan.reports.actors import Actor

from .conftest import URL, VERIFY_TOKEN, WA_ID, notification, post, say, sign, text

pytestmark = pytest.mark.django_db
State = InboundMessage.State


def test_the_handshake_echoes_the_challenge_as_plain_text(client, graph) -> None:
    response = client.get(
        URL, {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}
    )
    assert response.status_code == 200
    assert response.content == b"1158201444"
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize(
    "query",
    [
        {"hub.mode": "subscribe", "hub.verify_token": "salah", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"},
        {"hub.mode": "subscribe", "hub.challenge": "1"},
    ],
)
def test_a_wrong_handshake_is_refused(client, graph, query) -> None:
    response = client.get(URL, query)
    assert response.status_code == 403
    assert b"1" not in response.content


def test_no_verify_token_configured_refuses_every_handshake(client, graph, settings) -> None:
    settings.ADUAN_WHATSAPP_VERIFY_TOKEN = ""
    response = client.get(URL, {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1"})
    assert response.status_code == 403


@pytest.mark.parametrize("signature", ["", "sha256=00", "sha1=abc", None])
def test_a_bad_signature_is_refused_and_nothing_is_kept(client, graph, world, signature) -> None:
    body = notification([text("Jalan di desa kami rusak parah sejak lama sekali.")])
    forged = sign(body, "rahasia-lain") if signature is None else signature
    response = post(client, body, signature=forged)
    assert response.status_code == 403
    assert InboundMessage.objects.count() == 0
    assert graph.sent == []


def test_a_retried_notification_is_handled_once(client, graph, world) -> None:
    body = notification([text("Lampu jalan di depan balai desa mati sudah dua minggu.")])
    assert post(client, body).status_code == 200
    assert post(client, body).status_code == 200
    assert InboundMessage.objects.filter(channel="whatsapp").count() == 1
    # One answer (the question for the location), not two.
    assert len(graph.texts_to(WA_ID)) == 1
    assert "lokasi" in graph.texts_to(WA_ID)[0].lower()


def test_each_message_is_stored_raw_and_sealed(client, graph, world) -> None:
    say(client, text("Lampu jalan di depan balai desa mati sudah dua minggu."))
    stored = InboundMessage.objects.get(channel="whatsapp")
    assert WA_ID not in stored.sealed_raw
    assert inbound.raw_of(stored)["message"]["from"] == WA_ID
    assert stored.state == State.PROCESSED
    assert stored.sender_index


def test_authentic_but_malformed_payloads_are_answered_200_and_kept(client, graph, world) -> None:
    for body in (b"bukan json", b'{"object": "whatsapp_business_account", "entry": 5}', b"[]"):
        assert post(client, body).status_code == 200
    kept = InboundMessage.objects.filter(channel="whatsapp", state=State.REJECTED, result="malformed")
    assert kept.count() == 3
    assert inbound.raw_of(kept.first())["raw"]


def test_a_message_that_cannot_be_read_is_kept_rejected_and_answered(client, graph, world) -> None:
    say(client, {"from": WA_ID, "id": "wamid.KOSONG", "type": "text", "text": {"body": "   "}})
    say(client, {"from": WA_ID, "id": "wamid.LOK", "type": "location", "location": {"latitude": "utara"}})
    rejected = InboundMessage.objects.filter(channel="whatsapp", state=State.REJECTED)
    assert set(rejected.values_list("external_id", flat=True)) == {"wamid.KOSONG", "wamid.LOK"}
    assert all("tidak dapat kami baca" in t for t in graph.texts_to(WA_ID))
    # A message without an id can't be deduplicated or answered, but it is kept.
    say(client, {"from": WA_ID, "type": "text", "text": {"body": "halo"}})
    assert InboundMessage.objects.filter(external_id__startswith="malformed:").count() == 1


def test_unsupported_message_types_get_a_clear_answer(client, graph, world) -> None:
    say(client, {"from": WA_ID, "id": "wamid.STIKER", "type": "sticker", "sticker": {"id": "123"}})
    assert InboundMessage.objects.get(external_id="wamid.STIKER").state == State.REJECTED
    assert "belum dapat kami proses" in graph.texts_to(WA_ID)[0]


def _sent_notification(graph) -> Notification:
    report = lifecycle.submit(
        Actor.channel("whatsapp"),
        classification="complaint",
        title="Sampah menumpuk",
        body="Sampah menumpuk di pasar desa sudah seminggu tidak diangkut.",
        channel="whatsapp",
        sender=WA_ID,
    ).report
    assert delivery.deliver_due()["sent"] == 1
    row = Notification.objects.get(report=report, channel="whatsapp")
    assert row.provider_id.startswith("wamid.FAKE")
    assert report.code in graph.texts_to(WA_ID)[-1]
    return row


def _status(wamid: str, status: str, **extra) -> bytes:
    return notification(
        statuses=[{"id": wamid, "status": status, "timestamp": "1750857384", "recipient_id": WA_ID, **extra}]
    )


def test_status_callbacks_mark_a_notification_delivered(client, graph, world) -> None:
    row = _sent_notification(graph)
    assert post(client, _status(row.provider_id, "sent")).status_code == 200
    row.refresh_from_db()
    assert row.state == Notification.State.SENT
    assert post(client, _status(row.provider_id, "delivered")).status_code == 200
    assert post(client, _status(row.provider_id, "read")).status_code == 200
    row.refresh_from_db()
    assert row.state == Notification.State.DELIVERED
    assert row.delivered_at is not None


def test_a_failed_status_marks_the_notification_failed_with_the_reason(client, graph, world) -> None:
    row = _sent_notification(graph)
    errors = [{"code": 131047, "title": "Re-engagement message"}]
    assert post(client, _status(row.provider_id, "failed", errors=errors)).status_code == 200
    row.refresh_from_db()
    assert row.state == Notification.State.FAILED
    assert "131047" in row.last_error


def test_the_sender_retries_on_5xx_and_gives_up_on_4xx(graph, world) -> None:
    graph.fail_next = [503]
    report = lifecycle.submit(
        Actor.channel("whatsapp"),
        classification="complaint",
        title="Air PDAM mati",
        body="Air PDAM mati tiga hari di RT 02.",
        channel="whatsapp",
        sender=WA_ID,
    ).report
    assert delivery.deliver_due()["queued"] == 1
    row = Notification.objects.get(report=report, channel="whatsapp")
    assert "503" in row.last_error
    graph.fail_next = [400]
    Notification.objects.filter(pk=row.pk).update(next_attempt_at=row.created_at)
    assert delivery.deliver_due()["failed"] == 1
    assert graph.sent == []


def test_outside_the_service_window_a_template_carries_the_text(graph, world, settings) -> None:
    settings.ADUAN_WHATSAPP_TEMPLATE = "kabar_laporan"
    lifecycle.submit(
        Actor.channel("whatsapp"),
        classification="complaint",
        title="Air PDAM mati",
        body="Air PDAM mati tiga hari di RT 02.",
        channel="whatsapp",
        sender=WA_ID,
    )
    assert delivery.deliver_due()["sent"] == 1
    sent = graph.sent[-1]
    assert sent["type"] == "template"
    assert sent["template"]["name"] == "kabar_laporan"
    parameter = sent["template"]["components"][0]["parameters"][0]["text"]
    assert "\n" not in parameter
    assert "Kode pelacakan" in parameter
