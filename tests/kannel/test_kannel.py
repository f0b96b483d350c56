"""SMS through a real Kannel (DESIGN §7, issue 4): fakesmsc → bearerbox → smsbox → the receive URL, and back;
notifications through sendsms, delivery reports through the dlr-url."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from aduan.channels.models import InboundMessage
from aduan.notify import delivery
from aduan.notify.models import Notification
from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.models import Report

from .gateway import Phone

pytestmark = [pytest.mark.django_db(transaction=True)]
PHONE = "081234567890"
NUMBER = "1708"
CODE = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")
State = Notification.State


def wait_for_state(notification_id: int, state: str, timeout: float = 20) -> Notification:
    """Kannel's delivery report arrives on its own schedule: poll the row (no time is asserted)."""
    deadline = time.monotonic() + timeout
    row = Notification.objects.get(pk=notification_id)
    while row.state != state and time.monotonic() < deadline:
        time.sleep(0.05)
        row.refresh_from_db()
    return row


def file_by_sms(phone: Phone, text: str = "Jalan utama Desa Bodas berlubang dalam dan membahayakan") -> Report:
    phone.send(PHONE, NUMBER, text)
    (answer,) = phone.expect(1)
    assert (answer.sender, answer.receiver) == (NUMBER, PHONE)
    code = CODE.search(answer.text)
    assert code, answer.text
    assert answer.text.startswith("Laporan Anda kami terima")
    return Report.objects.get(code=code.group())


def test_an_sms_becomes_a_report_and_the_answer_carries_the_tracking_code(phone: Phone, world: Any) -> None:
    report = file_by_sms(phone, "Lampu   penerangan jalan di Kandangserang mati sejak seminggu")
    # Kannel's %a folds the blanks; the number is kept as the phone sent it and as the reporter's phone.
    assert report.body == "Lampu penerangan jalan di Kandangserang mati sejak seminggu"
    assert report.channel == "sms"
    identity = report.reporter.reveal()
    assert (identity["sender"], identity["phone"]) == (PHONE, "+6281234567890")
    message = InboundMessage.objects.get(channel="sms")
    assert len(message.external_id) == 36  # Kannel's message id (%I), a UUID
    # The answer was the "submitted" notification; Kannel's delivery report marks it delivered.
    row = Notification.objects.get(report=report, channel="sms", kind="submitted")
    assert wait_for_state(row.pk, State.DELIVERED).state == State.DELIVERED
    assert InboundMessage.objects.filter(channel="sms-dlr", result="delivered").exists()
    # Nothing is left for the worker to send a second time.
    assert delivery.deliver_due()["sent"] == 0
    assert phone.received[-1:] == [phone.received[0]]


def test_info_and_balas(phone: Phone, world: Any) -> None:
    report = file_by_sms(phone)
    phone.send("+6281234567890", NUMBER, f"info {report.code.lower()}")
    (answer,) = phone.expect(1)
    assert answer.receiver == "+6281234567890"
    assert answer.text == f"Laporan {report.code}: Belum terverifikasi."
    phone.send("6281234567890", NUMBER, f"BALAS {report.code} lubangnya makin lebar setelah hujan")
    (answer,) = phone.expect(1)
    assert answer.text == f"Balasan Anda untuk laporan {report.code} sudah kami terima dan diteruskan."
    event = report.events.order_by("-seq").first()
    assert (event.kind, event.public_text) == ("reporter_replied", "lubangnya makin lebar setelah hujan")
    # Another number may not reply, and hears why.
    phone.send("085711112222", NUMBER, f"BALAS {report.code} saya juga")
    (answer,) = phone.expect(1)
    assert answer.text == f"Laporan {report.code} hanya dapat dibalas dari nomor yang dipakai saat melapor."
    assert report.events.filter(kind="reporter_replied").count() == 1


def test_empty_sms_and_unknown_code_are_answered(phone: Phone, world: Any) -> None:
    phone.send(PHONE, NUMBER, "INFO ZZZZ-ZZZZ")
    (answer,) = phone.expect(1)
    assert answer.text.startswith("Laporan dengan kode ZZZZ-ZZZZ tidak ditemukan")
    phone.send(PHONE, NUMBER, "BALAS")
    (answer,) = phone.expect(1)
    assert answer.text.startswith("Format: BALAS <kode> <pesan>")
    assert InboundMessage.objects.filter(channel="sms", state=InboundMessage.State.REJECTED).count() == 2
    assert Report.objects.count() == 0


def test_a_notification_goes_out_through_sendsms_and_the_dlr_marks_it_delivered(phone: Phone, world: Any) -> None:
    report = file_by_sms(phone)
    lifecycle.verify(
        Actor.for_user(world.verifier),
        report.code,
        institution=world.regency.code,
        message="Sudah diteruskan ke Dinas PU. Biaya perbaikan Rp 10.000 — ✓",
    )
    row = Notification.objects.get(report=report, channel="sms", kind="verified")
    assert row.state == State.QUEUED
    # "sent" — or "lost_claim" when Kannel's delivery report was quicker than the worker's own bookkeeping.
    assert delivery.deliver_due()["failed"] == 0
    (sms,) = phone.expect(1)
    # Notifications go to the number in E.164 form, from the number the reporter wrote to.
    assert (sms.sender, sms.receiver) == (NUMBER, "+6281234567890")
    assert sms.text.startswith(f"Laporan {report.code} telah diverifikasi dan diteruskan ke Pemerintah Kabupaten")
    # Outside GSM-7: sent as UCS-2 (coding=2), so the dash and the check mark arrive intact.
    assert "Rp 10.000 — ✓" in sms.text
    row = wait_for_state(row.pk, State.DELIVERED)
    assert row.state == State.DELIVERED and row.provider_id == str(row.pk)


def test_ucs2_round_trip(phone: Phone, world: Any) -> None:
    text = "Lampu jalan mati 😀 — مرحبا ✓"
    report = file_by_sms(phone, text)
    assert report.body == text
    lifecycle.verify(
        Actor.for_user(world.verifier), report.code, institution=world.regency.code, message="Terima kasih ✓ مرحبا"
    )
    delivery.deliver_due()
    (sms,) = phone.expect(1)
    assert "Terima kasih ✓ مرحبا" in sms.text


def test_a_notification_waits_in_kannel_while_the_operator_is_offline(phone: Phone, world: Any) -> None:
    report = file_by_sms(phone)
    phone.hang_up()
    lifecycle.verify(Actor.for_user(world.verifier), report.code, institution=world.regency.code)
    assert delivery.deliver_due()["sent"] == 1  # Kannel accepted it ("queued for later delivery")
    row = Notification.objects.get(report=report, channel="sms", kind="verified")
    assert row.state == State.SENT
    phone.send("085711112222", NUMBER, "INFO ZZZZ-ZZZZ")  # the operator reconnects
    texts = [sms.text for sms in phone.expect(2)]
    assert any(text.startswith(f"Laporan {report.code} telah diverifikasi") for text in texts)
    assert wait_for_state(row.pk, State.DELIVERED).state == State.DELIVERED


def test_wrong_sendsms_password_is_a_permanent_failure(phone: Phone, world: Any, settings: Any) -> None:
    report = file_by_sms(phone)
    settings.ADUAN_KANNEL_SENDSMS_URL = phone.kannel.sendsms_url.replace("password=", "password=salah")
    lifecycle.verify(Actor.for_user(world.verifier), report.code, institution=world.regency.code)
    assert delivery.deliver_due()["failed"] == 1
    row = Notification.objects.get(report=report, channel="sms", kind="verified")
    assert row.state == State.FAILED and "Kannel sendsms 4" in row.last_error


def test_kannel_down_is_retried(phone: Phone, world: Any, settings: Any) -> None:
    report = file_by_sms(phone)
    settings.ADUAN_KANNEL_SENDSMS_URL = "http://127.0.0.1:9/cgi-bin/sendsms?username=a&password=b"
    lifecycle.verify(Actor.for_user(world.verifier), report.code, institution=world.regency.code)
    assert delivery.deliver_due()["queued"] == 1
    row = Notification.objects.get(report=report, channel="sms", kind="verified")
    assert row.state == State.QUEUED and "unreachable" in row.last_error
