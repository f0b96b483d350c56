"""The staff daily digest: what it says (and never says), once a day, through a real SMTP server."""

from __future__ import annotations

import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from email_support import free_port

from aduan.backoffice.deadlines import end_of_today
from aduan.channels.email.models import DigestSent
from aduan.core.calendar import get_calendar
from aduan.notify import digest
from aduan.reports.actors import Actor
from aduan.reports.lifecycle.dispatch import perform
from aduan.reports.models import Report

pytestmark = pytest.mark.django_db

ADMIN_EMAIL = "admin.kab@pekalongankab.test"
WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def staff(world, settings):
    settings.ADUAN_DIGEST_HOUR = 0  # due at any hour of the day
    world.regency_admin.email = ADMIN_EMAIL
    world.regency_admin.save()
    return world.regency_admin


def routed(world, file_report, **fields) -> Report:
    report = file_report(**fields).report
    perform(Actor.for_user(world.verifier), report.code, "verify", {"institution": "pemkab-33-26"})
    return Report.objects.get(pk=report.pk)


def digests(mta) -> list:
    return [m for m in mta.to(ADMIN_EMAIL) if "Ringkasan harian" in m.message["Subject"]]


def test_digest_lists_new_and_due_reports_by_code_only(world, file_report, staff, mta) -> None:
    now = timezone.now()
    new = routed(world, file_report)
    overdue = routed(world, file_report)
    today = routed(world, file_report)
    soon = routed(world, file_report)
    Report.objects.filter(pk=overdue.pk).update(due_at=now - timedelta(days=2))
    Report.objects.filter(pk=today.pk).update(due_at=end_of_today(now))
    Report.objects.filter(pk=soon.pk).update(due_at=get_calendar().due_at(now, 2))

    result = digest.run_due()
    assert result.sent == 1
    (mail,) = digests(mta)
    text = mail.text
    assert "4 laporan perlu perhatian" in mail.message["Subject"]
    assert "Baru masuk antrean Anda: 4" in text
    assert "Lewat tenggat: 1" in text
    assert "Tenggat hari ini: 1" in text
    assert "Tenggat dalam 2 hari kerja: 1" in text
    for report in (new, overdue, today, soon):
        assert f"/kantor/laporan/{report.code}/" in text
    # Codes, statuses and due days only: no title, no body, nobody's identity.
    for secret in ("Jalan berlubang", "membahayakan", "Siti", "siti@example.id", "081234567890", "3326011234560001"):
        assert secret not in mail.message.as_string()
    assert mail.message["Auto-Submitted"] == "auto-generated"
    assert DigestSent.objects.get(user=staff).sent


def test_digest_goes_once_a_day(world, file_report, staff, mta) -> None:
    routed(world, file_report)
    assert digest.run_due().sent == 1
    assert digest.run_due().sent == 0
    assert digest.run_due(force=True).sent == 0
    assert len(digests(mta)) == 1
    assert DigestSent.objects.filter(user=staff).count() == 1


def test_digest_waits_for_its_hour(world, file_report, staff, mta, settings) -> None:
    settings.ADUAN_DIGEST_HOUR = 7
    early = timezone.make_aware(timezone.datetime(2026, 3, 2, 6, 30), WIB)
    assert not digest.is_due(early)
    assert digest.is_due(early + timedelta(hours=1))
    routed(world, file_report)
    assert digest.run_due(now=early).sent == 0
    assert DigestSent.objects.count() == 0
    settings.ADUAN_DIGEST_HOUR = -1  # turned off
    assert not digest.is_due(early + timedelta(hours=5))


def test_nothing_to_say_sends_nothing(world, staff, mta) -> None:
    result = digest.run_due()
    assert (result.sent, result.empty) == (0, 1)
    assert digests(mta) == []
    assert not DigestSent.objects.get(user=staff).sent


def test_a_failed_send_is_tried_again(world, file_report, staff, mta, settings) -> None:
    routed(world, file_report)
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()
    assert digest.run_due().failed == 1
    assert DigestSent.objects.count() == 0
    settings.EMAIL_PORT = port
    assert digest.run_due().sent == 1
    assert len(digests(mta)) == 1


def test_staff_see_only_their_own_queue(world, file_report, staff, mta) -> None:
    world.other_admin.email = "admin.kota@pekalongankota.test"
    world.other_admin.save()
    mine = routed(world, file_report)
    digest.run_due()
    assert [m for m in mta.to("admin.kota@pekalongankota.test") if mine.code in m.text] == []
    assert mine.code in digests(mta)[0].text


def test_digest_command_and_worker(world, file_report, staff, mta) -> None:
    routed(world, file_report)
    out = io.StringIO()
    call_command("digest", "--now", stdout=out)
    assert "ringkasan terkirim: 1" in out.getvalue()

    from aduan.core.management.commands.worker import _send_digests

    DigestSent.objects.all().delete()
    _send_digests()
    assert len(digests(mta)) == 2
