"""The delivery core: claims, retries with backoff, receipts, recipients and the words sent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from aduan.notify import delivery, senders
from aduan.notify.messages import compose
from aduan.notify.models import Notification
from aduan.notify.recipients import staff_emails
from aduan.reports import lifecycle
from aduan.reports.actors import Actor

State = Notification.State
SECRET_BODY = "Kepala desa Suparman meminta uang Rp 500.000 untuk surat tanah."


@pytest.fixture
def outbox(monkeypatch):
    """Registers a sender for the "sms" channel that behaves as the test says (a gateway's possible answers)."""
    sent: list[senders.Outgoing] = []
    behaviour = {"raise": None}

    def send(message: senders.Outgoing) -> str:
        if behaviour["raise"] is not None:
            raise behaviour["raise"]
        sent.append(message)
        return f"gw-{len(sent)}"

    senders._load_senders()  # first, so the real Kannel sender's registration can't replace this one
    monkeypatch.setitem(senders.SENDERS, "sms", send)
    return sent, behaviour


def _sms_report(anonymous: bool = False):
    return lifecycle.submit(
        Actor.channel("sms"),
        classification="complaint",
        title="Pungutan liar surat tanah",
        body=SECRET_BODY,
        channel="sms",
        sender="0812-3456-7890",
        anonymous=anonymous,
    ).report


@pytest.mark.django_db
def test_a_new_sms_report_sends_its_tracking_code_to_the_sender(world, outbox) -> None:
    sent, _ = outbox
    report = _sms_report()
    assert delivery.deliver_due()["sent"] == 1
    [message] = sent
    assert message.to == ["+6281234567890"]
    assert report.code in message.text
    row = Notification.objects.get(report=report, channel="sms")
    assert (row.state, row.provider_id, row.attempts) == (State.SENT, "gw-1", 1)


@pytest.mark.django_db
def test_a_gateway_that_is_down_is_retried_with_backoff_then_given_up(world, outbox) -> None:
    sent, behaviour = outbox
    _sms_report()
    behaviour["raise"] = senders.TemporaryFailure("connection refused")
    at = timezone.now()
    assert delivery.deliver_due(at=at)["queued"] == 1
    row = Notification.objects.get(channel="sms")
    assert row.state == State.QUEUED and "connection refused" in row.last_error
    assert row.next_attempt_at > at + timedelta(seconds=20)
    assert not delivery.deliver_due(at=at)  # not due again yet
    for _ in range(delivery.MAX_ATTEMPTS):
        at += timedelta(hours=7)
        delivery.deliver_due(at=at)
    row.refresh_from_db()
    assert row.state == State.FAILED
    assert row.attempts == delivery.MAX_ATTEMPTS
    assert sent == []


@pytest.mark.django_db
def test_a_permanent_failure_is_not_retried(world, outbox) -> None:
    _, behaviour = outbox
    _sms_report()
    behaviour["raise"] = senders.PermanentFailure("nomor tidak aktif")
    assert delivery.deliver_due()["failed"] == 1
    assert Notification.objects.get(channel="sms").last_error == "nomor tidak aktif"


@pytest.mark.django_db
def test_a_receipt_marks_the_message_delivered(world, outbox) -> None:
    _sms_report()
    delivery.deliver_due()
    assert delivery.receipt("sms", "gw-1", delivered=True) == 1
    row = Notification.objects.get(channel="sms")
    assert row.state == State.DELIVERED and row.delivered_at is not None
    assert delivery.receipt("sms", "unknown", delivered=True) == 0


@pytest.mark.django_db
def test_a_late_worker_cannot_overwrite_a_newer_claim(world, outbox) -> None:
    _sms_report()
    at = timezone.now()
    [pk] = delivery.claim(at=at)
    first = Notification.objects.get(pk=pk)
    # The lease ends, another worker claims the row again.
    assert delivery.claim(at=at + timedelta(hours=1)) == [pk]
    assert delivery.deliver(first, None) == "lost_claim"
    assert Notification.objects.get(pk=pk).state == State.SENDING


@pytest.mark.django_db
def test_no_recipient_is_recorded_not_retried(world, outbox) -> None:
    report = _sms_report()
    Notification.objects.filter(report=report).update(channel="whatsapp")  # the reporter has no WhatsApp sender id
    assert delivery.deliver_due()["skipped"] == 1


@pytest.mark.django_db
def test_staff_mail_names_no_reporter_and_carries_no_report_text(world, outbox) -> None:
    world.regency_admin.email = "admin@pekalongankab.go.id"
    world.regency_admin.save()
    report = _sms_report(anonymous=True)
    lifecycle.verify(world.actor(world.verifier), report.code, institution="pemkab-33-26")
    row = Notification.objects.get(report=report, audience="institution", kind="verified")
    assert staff_emails(row.audience, row.institution_id) == ["admin@pekalongankab.go.id"]
    report.refresh_from_db()
    subject, text = compose(row, report, report.events.get(seq=row.event_seq))
    assert report.code in subject
    for secret in ("Suparman", "500.000", "0812", "6281234567890"):
        assert secret not in subject and secret not in text


@pytest.mark.django_db
def test_timelines_show_each_message_state_to_staff_and_to_the_reporter(world, outbox, client) -> None:
    from aduan.citizen.history import reporter_lines

    report = _sms_report()
    delivery.deliver_due()
    delivery.receipt("sms", "gw-1", delivered=True)
    [line] = [line for line in reporter_lines(report) if line.messages]
    assert [(m.channel, m.state) for m in line.messages] == [("sms", "delivered")]

    client.force_login(world.verifier)
    page = client.get(f"/kantor/laporan/{report.code}/").content.decode()
    assert 'data-channel="sms" data-state="delivered"' in page
    assert "6281234567890" not in page and "0812-3456-7890" not in page

    public = client.__class__()
    assert "data-state" not in public.get(f"/lacak/{report.code}/").content.decode()


@pytest.mark.django_db
def test_a_receipt_faster_than_the_send_call_keeps_the_message_delivered(world, outbox, monkeypatch) -> None:
    def send_and_receipt(message: senders.Outgoing) -> str:
        Notification.objects.filter(pk=message.notification.pk).update(provider_id="early")
        delivery.receipt("sms", "early", delivered=True)
        return "early"

    monkeypatch.setitem(senders.SENDERS, "sms", send_and_receipt)
    _sms_report()
    assert delivery.deliver_due()["sent"] == 1
    row = Notification.objects.get(channel="sms")
    assert row.state == State.DELIVERED and row.sent_at is not None


@pytest.mark.django_db
def test_the_reporter_hears_of_every_public_step_on_their_channel(world, outbox) -> None:
    sent, _ = outbox
    report = _sms_report()
    lifecycle.verify(world.actor(world.verifier), report.code, institution="pemkab-33-26")
    lifecycle.accept(world.actor(world.regency_admin), report.code)
    lifecycle.assign(world.actor(world.regency_admin), report.code, institution="pemkab-33-26-dinas-pu")
    lifecycle.respond(world.actor(world.liaison), report.code, message="Jalan sudah ditambal hari ini.")
    kinds = list(
        Notification.objects.filter(report=report, audience="reporter", channel="sms")
        .order_by("event_seq")
        .values_list("kind", flat=True)
    )
    assert kinds == ["submitted", "verified", "assigned", "responded"]
    delivery.deliver_due()
    assert any("Jalan sudah ditambal hari ini." in message.text for message in sent)
