"""Sending notifications by e-mail (the outbox's sender for channel "email").

The subject carries the tracking code in brackets, so a reply finds its report even when the mail
program drops In-Reply-To; the Message-ID we make is the provider id the outbox stores. Staff
notifications to several people go as one message with every address in Bcc: colleagues' addresses
are not shown to each other, and one accepted message is one delivery, so a retry never repeats it to
some of them.
"""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from aduan.channels.email import answers
from aduan.channels.models import ChannelAccount, InboundMessage
from aduan.notify.models import Notification
from aduan.notify.senders import Outgoing, PermanentFailure, TemporaryFailure, register

SMTP_TIMEOUT = 30


@register("email")
def send(outgoing: Outgoing) -> str:
    notification = outgoing.notification
    report = notification.report
    recipients = [address for address in dict.fromkeys(outgoing.to) if address]
    if not recipients:
        raise PermanentFailure("no recipient")
    to_reporter = notification.audience == Notification.Audience.REPORTER
    thread = _thread(report) if to_reporter else []
    headers = answers.auto_headers(thread[0] if thread else "", thread[1:])
    reply_to = _reply_address(report) if to_reporter else ""
    subject = outgoing.subject
    if f"[{report.code}]" not in subject:
        subject = f"{subject} [{report.code}]"
    message = EmailMessage(
        subject=subject[:250],
        body=outgoing.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients if len(recipients) == 1 else [],
        bcc=recipients if len(recipients) > 1 else [],
        reply_to=[reply_to] if reply_to else None,
        headers=headers,
        connection=get_connection(fail_silently=False, timeout=SMTP_TIMEOUT),
    )
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        if codes and all(code >= 500 for code in codes):
            raise PermanentFailure(f"recipient refused: {sorted(set(codes))}") from exc
        raise TemporaryFailure(f"recipient deferred: {sorted(set(codes))}") from exc
    except (smtplib.SMTPDataError, smtplib.SMTPNotSupportedError) as exc:
        code = getattr(exc, "smtp_code", 0) or 0
        if code >= 500:
            raise PermanentFailure(f"message refused: {code}") from exc
        raise TemporaryFailure(f"message deferred: {code}") from exc
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        # Connection refused or dropped, a 4xx greeting, a sender or login refused (the operator's
        # configuration, which will be fixed): try again later.
        raise TemporaryFailure(f"{exc.__class__.__name__}: {exc}") from exc
    return headers["Message-ID"]


def _thread(report) -> list[str]:
    """The Message-ID of the mail that filed the report, so our answers sit under it in the reporter's inbox."""
    if report.channel != "email":
        return []
    first = (
        InboundMessage.objects.filter(channel="email", report=report, result="submitted")
        .order_by("pk")
        .values_list("external_id", flat=True)
        .first()
    )
    return [first] if first and first.startswith("<") else []


def _reply_address(report) -> str:
    """Where the reporter's reply goes: the institution's own mailbox the report came in by, else ours."""
    if report.intake_institution_id:
        own = (
            ChannelAccount.objects.filter(channel="email", institution_id=report.intake_institution_id, active=True)
            .values_list("address", flat=True)
            .first()
        )
        if own:
            return own
    return settings.ADUAN_REPORT_EMAIL
