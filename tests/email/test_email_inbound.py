"""Reports and replies by e-mail, delivered with smtplib to the real `aduan smtpd` server."""

from __future__ import annotations

import smtplib
from typing import Any

import pytest
from django.test import Client
from email_support import CITIZEN, PDF, REPORT_ADDRESS, png

from aduan.channels.models import ChannelAccount, InboundMessage
from aduan.notify.delivery import deliver_due
from aduan.notify.models import Notification
from aduan.reports import visibility
from aduan.reports.actors import Actor
from aduan.reports.lifecycle.dispatch import perform
from aduan.reports.models import Attachment, Report, ReportEvent

pytestmark = pytest.mark.django_db(transaction=True)


def only_report() -> Report:
    return Report.objects.select_related("reporter", "intake_institution").get()


def test_new_report_with_attachments_is_filed_and_answered_with_its_code(world, smtpd, mta, compose) -> None:
    mail = compose(files=[("jalan.png", png(), "image/png"), ("surat.pdf", PDF, "application/pdf")])
    smtpd.send(mail)

    report = only_report()
    assert (report.channel, report.title, report.classification) == ("email", "Jalan rusak di Desa Bodas", "complaint")
    assert "berlubang dalam" in report.body
    assert report.intake_institution is None
    assert Attachment.objects.filter(report=report).count() == 2
    stored = InboundMessage.objects.get()
    assert (stored.state, stored.result, stored.report_id, stored.external_id) == (
        "processed",
        "submitted",
        report.pk,
        mail["Message-ID"],
    )
    # The raw mail is kept sealed: the sender's address is not readable in the row.
    assert CITIZEN not in stored.sealed_raw

    outcomes = deliver_due()
    assert outcomes["sent"] >= 1
    (answer,) = mta.to(CITIZEN)
    assert f"[{report.code}]" in answer.message["Subject"]
    assert report.code in answer.text
    assert answer.message["In-Reply-To"] == mail["Message-ID"]
    assert answer.message["Reply-To"] == REPORT_ADDRESS
    row = Notification.objects.get(report=report, kind="submitted", channel="email")
    assert row.provider_id == answer.message["Message-ID"]


def test_the_same_message_twice_files_one_report(world, smtpd, mta, compose) -> None:
    mail = compose()
    smtpd.send(mail)
    smtpd.send(mail)
    assert Report.objects.count() == 1
    assert InboundMessage.objects.count() == 1


def test_reply_with_code_from_the_same_sender_reaches_the_report(world, smtpd, mta, compose) -> None:
    smtpd.send(compose())
    report = only_report()
    quoted = (
        "Lubangnya sekarang makin lebar, mohon segera ditangani.\n\n"
        f"Pada Sen, 2 Mar 2026 pukul 10.00, Aduan <noreply@aduan.test> menulis:\n> Kode pelacakan: {report.code}\n"
    )
    smtpd.send(compose(subject=f"Re: [Aduan] Laporan Anda telah kami terima [{report.code}]", body=quoted))

    event = ReportEvent.objects.get(report=report, kind="reporter_replied")
    assert event.public_text == "Lubangnya sekarang makin lebar, mohon segera ditangani."
    stored = InboundMessage.objects.order_by("pk").last()
    assert (stored.state, stored.result) == ("processed", "reply")
    receipts = [m for m in mta.to(CITIZEN) if "telah kami terima dan diteruskan" in m.text]
    assert len(receipts) == 1
    assert f"[{report.code}]" in receipts[0].message["Subject"]


def test_reply_to_our_notification_finds_the_report_without_a_code(world, smtpd, mta, compose) -> None:
    smtpd.send(compose())
    deliver_due()
    report = only_report()
    notification = Notification.objects.get(report=report, kind="submitted")
    smtpd.send(
        compose(
            subject="Re: terima kasih",
            body="Saya tambahkan: lokasinya di depan SD Negeri 1.",
            headers={"In-Reply-To": notification.provider_id, "References": notification.provider_id},
        )
    )
    assert ReportEvent.objects.filter(report=report, kind="reporter_replied").count() == 1


def test_reply_from_another_sender_is_refused_in_indonesian(world, smtpd, mta, compose) -> None:
    smtpd.send(compose())
    report = only_report()
    intruder = "orang.lain@example.test"
    smtpd.send(compose(subject=f"Re: [{report.code}]", body="Laporan ini palsu.", sender=intruder), mail_from=intruder)

    assert not ReportEvent.objects.filter(report=report, kind="reporter_replied").exists()
    stored = InboundMessage.objects.order_by("pk").last()
    assert (stored.state, stored.result) == ("rejected", "not_reporter")
    (answer,) = mta.to(intruder)
    assert "hanya dapat dikirim dari alamat email yang dipakai" in answer.text
    assert answer.message["Auto-Submitted"] == "auto-replied"


def test_unknown_code_and_empty_mail_get_clear_answers_and_are_kept(world, smtpd, mta, compose) -> None:
    smtpd.send(compose(subject="Re: [ZZZZ-9999]", body="Bagaimana kabarnya?"))
    smtpd.send(compose(subject="", body=""))

    assert Report.objects.count() == 0
    results = list(InboundMessage.objects.order_by("pk").values_list("state", "result"))
    assert results == [("rejected", "not_found"), ("rejected", "empty")]
    texts = [m.text for m in mta.to(CITIZEN)]
    assert any("tidak menemukan laporan dengan kode ZZZZ-9999" in t for t in texts)
    assert any("tidak berisi laporan" in t for t in texts)


def test_html_only_mail_becomes_plain_text(world, smtpd, mta, compose) -> None:
    html = "<html><body><p>Lampu jalan <b>mati</b> sejak seminggu.</p><p>Mohon&nbsp;diperbaiki.</p></body></html>"
    smtpd.send(compose(subject="Lampu jalan mati", body="", html=html))
    report = only_report()
    assert report.body == "Lampu jalan mati sejak seminggu.\nMohon diperbaiki."


def test_an_institution_mailbox_files_into_its_queue(world, smtpd, mta, compose) -> None:
    ChannelAccount.objects.create(channel="email", address="Lapor@PekalonganKab.test", institution=world.regency)
    smtpd.send(compose(to="lapor@pekalongankab.test"), to=["lapor@pekalongankab.test"])
    report = only_report()
    assert report.intake_institution == world.regency
    assert InboundMessage.objects.get().account.institution == world.regency

    deliver_due()
    (answer,) = mta.to(CITIZEN)
    # The reporter's reply goes back to the institution's own mailbox.
    assert answer.message["Reply-To"] == "Lapor@PekalonganKab.test"


def test_unknown_recipients_are_refused_at_the_door(world, smtpd, mta, compose) -> None:
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        smtpd.send(compose(to="siapa@aduan.test"), to=["siapa@aduan.test"])
    assert refused.value.recipients["siapa@aduan.test"][0] == 550
    assert InboundMessage.objects.count() == 0


def test_too_large_mail_is_refused(world, smtpd, mta, compose, settings: Any) -> None:
    settings.ADUAN_EMAIL_MAX_BYTES = 4000
    with pytest.raises(smtplib.SMTPDataError) as refused:
        smtpd.send(compose(files=[("foto.png", png() * 20 + b"x" * 5000, "image/png")]))
    assert refused.value.smtp_code == 552
    assert Report.objects.count() == 0


def test_automatic_mail_is_kept_but_never_answered(world, smtpd, mta, compose) -> None:
    smtpd.send(compose(subject="Out of office", body="Saya sedang cuti.", headers={"Auto-Submitted": "auto-replied"}))
    assert Report.objects.count() == 0
    assert InboundMessage.objects.get().result == "automatic"
    assert mta.messages == []


def test_unsupported_attachment_is_refused_with_the_reason(world, smtpd, mta, compose) -> None:
    smtpd.send(compose(files=[("foto.png", b"bukan gambar sama sekali", "image/png")]))
    assert Report.objects.count() == 0
    stored = InboundMessage.objects.get()
    assert stored.state == "rejected"
    (answer,) = mta.to(CITIZEN)
    assert "belum dapat kami terima" in answer.text
    assert "foto.png" in answer.text


def test_unauthenticated_reply_is_refused_when_the_mta_vouches(world, smtpd, mta, compose, settings: Any) -> None:
    smtpd.send(compose())
    report = only_report()
    settings.ADUAN_EMAIL_AUTHSERV_ID = "mx.aduan.test"
    forged = {"Authentication-Results": "mx.aduan.test; dmarc=fail header.from=warga.test"}
    smtpd.send(compose(subject=f"Re: [{report.code}]", body="Tutup saja laporannya.", headers=forged))
    assert InboundMessage.objects.order_by("pk").last().result == "unauthenticated"
    genuine = {"Authentication-Results": "mx.aduan.test; dkim=pass header.d=warga.test; dmarc=pass"}
    smtpd.send(compose(subject=f"Re: [{report.code}]", body="Masih rusak.", headers=genuine))
    assert ReportEvent.objects.filter(report=report, kind="reporter_replied").count() == 1


def test_anonymous_email_reporter_stays_hidden_from_staff_and_public(world, smtpd, mta, compose) -> None:
    smtpd.send(compose(subject="[ANONIM] Pungutan liar di kantor desa"))
    report = only_report()
    assert report.anonymous
    perform(Actor.for_user(world.verifier), report.code, "verify", {"institution": "pemkab-33-26"})
    report = only_report()

    handler = visibility.Viewer(world.regency_admin)
    assert report in visibility.staff_reports(handler)
    assert visibility.reporter_identity(handler, report) is None
    label = visibility.reporter_label(handler, report)
    assert CITIZEN not in label
    assert "Budi" not in label
    for view in visibility.event_views(handler, report):
        assert CITIZEN not in str(vars(view))
        assert "Budi Santoso" not in str(vars(view))

    staff = Client()
    staff.force_login(world.regency_admin)
    page = staff.get(f"/kantor/laporan/{report.code}/")
    assert page.status_code == 200
    assert report.code in page.content.decode()
    assert CITIZEN not in page.content.decode()
    assert "Budi Santoso" not in page.content.decode()

    public = Client().get(f"/laporan/{report.code}/")
    assert public.status_code == 200
    assert CITIZEN not in public.content.decode()
    assert "Budi Santoso" not in public.content.decode()

    # The reporter still hears of it: the system writes to the address it keeps sealed.
    deliver_due()
    assert any(report.code in m.message["Subject"] for m in mta.to(CITIZEN))
    staff_mail = [m for m in mta.messages if CITIZEN not in m.rcpt_tos]
    for message in staff_mail:
        assert CITIZEN not in message.message.as_string()
