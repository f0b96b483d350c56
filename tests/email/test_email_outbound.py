"""Notifications by e-mail: the outbox's rows delivered through Django's SMTP backend to a real server."""

from __future__ import annotations

import pytest
from email_support import free_port

from aduan.notify.delivery import deliver_due
from aduan.notify.models import Notification
from aduan.reports.actors import Actor
from aduan.reports.lifecycle.dispatch import perform

pytestmark = pytest.mark.django_db

REPORTER_EMAIL = "siti@example.id"  # tests/conftest.py's REPORTER


def verified(world, file_report):
    report = file_report(title="Jalan berlubang di Desa Bodas").report
    deliver_due()  # the "submitted" answer
    perform(Actor.for_user(world.verifier), report.code, "verify", {"institution": "pemkab-33-26"})
    return report


def test_a_lifecycle_change_reaches_the_reporter_with_the_code_in_the_subject(world, file_report, mta) -> None:
    report = verified(world, file_report)
    mta.messages.clear()
    deliver_due()

    (mail,) = mta.to(REPORTER_EMAIL)
    assert f"[{report.code}]" in mail.message["Subject"]
    assert "diverifikasi" in mail.message["Subject"]
    assert mail.message["Reply-To"] == "lapor@aduan.test"
    assert mail.message["Auto-Submitted"] == "auto-generated"
    row = Notification.objects.get(report=report, kind="verified", audience="reporter")
    assert (row.state, row.provider_id) == ("sent", mail.message["Message-ID"])


def test_staff_get_one_message_without_seeing_each_others_addresses(world, file_report, mta) -> None:
    world.regency_admin.email = "admin.kab@pekalongankab.test"
    world.regency_admin.save()
    world.province_admin.email = "admin.prov@jatengprov.test"
    world.province_admin.save()
    report = verified(world, file_report)
    mta.messages.clear()
    deliver_due()

    (staff,) = [m for m in mta.messages if REPORTER_EMAIL not in m.rcpt_tos]
    assert sorted(staff.rcpt_tos) == ["admin.kab@pekalongankab.test", "admin.prov@jatengprov.test"]
    headers = "\n".join(f"{k}: {v}" for k, v in staff.message.items())
    assert "admin.kab@" not in headers
    assert "admin.prov@" not in headers
    assert f"[{report.code}]" in staff.message["Subject"]
    # Staff mail names the step and links the back office; it never carries the report's words.
    assert "Jalan berlubang" not in staff.text
    assert f"/kantor/laporan/{report.code}/" in staff.text


def test_smtp_down_is_a_temporary_failure_retried_later(world, file_report, mta, settings) -> None:
    settings.EMAIL_PORT = free_port()  # nothing listens there
    report = file_report().report
    outcomes = deliver_due()

    assert outcomes["queued"] == 1
    row = Notification.objects.get(report=report, kind="submitted")
    assert (row.state, row.attempts) == ("queued", 1)
    assert "ConnectionRefused" in row.last_error
    assert row.next_attempt_at > row.created_at
    assert mta.messages == []


def test_a_refused_recipient_is_a_permanent_failure(world, file_report, mta) -> None:
    mta.refuse.add(REPORTER_EMAIL)
    report = file_report().report
    outcomes = deliver_due()

    assert outcomes["failed"] == 1
    row = Notification.objects.get(report=report, kind="submitted")
    assert row.state == "failed"
    assert "550" in row.last_error
