"""One inbound e-mail, from the SMTP receiver to the lifecycle: keep it, read it, file or reply, answer.

Thin on purpose: the rules live in `reports.lifecycle`; this module translates a mail into one call and
the outcome into an answer for the sender.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from aduan.channels import inbound
from aduan.channels.email import answers
from aduan.channels.email.parse import Mail, external_id, parse
from aduan.channels.models import ChannelAccount, InboundMessage
from aduan.notify.models import Notification
from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.errors import Invalid, LifecycleError, NotAllowed
from aduan.reports.lifecycle.dispatch import perform
from aduan.reports.models import Report

logger = logging.getLogger("aduan.email")
State = InboundMessage.State
CHANNEL = "email"


@dataclass(frozen=True)
class Outcome:
    state: str  # the InboundMessage's state, or "duplicate"
    result: str
    report: Report | None = None
    answer_id: str = ""


def accepts(address: str) -> bool:
    """Whether this receiver takes mail for `address` (RCPT TO): the instance's report address or an
    institution's own mailbox. Anything else is refused at the door, so the receiver is never a relay."""
    address = address.strip().lower()
    if not address:
        return False
    if settings.ADUAN_REPORT_EMAIL and address == settings.ADUAN_REPORT_EMAIL.strip().lower():
        return True
    return account_for(address) is not None


def account_for(address: str) -> ChannelAccount | None:
    return (
        ChannelAccount.objects.select_related("institution")
        .filter(channel=CHANNEL, address__iexact=address.strip(), active=True)
        .first()
    )


def receive(raw: bytes, *, mail_from: str = "", rcpt_tos: list[str] | None = None) -> Outcome:
    """Handle one message as the SMTP receiver got it. Storing it is the first thing that happens; an
    exception before that (database down) propagates, so the receiver answers 451 and the MTA retries."""
    mail = parse(raw)
    account = next((a for a in map(account_for, rcpt_tos or []) if a is not None), None)
    payload = {
        "raw": raw.decode("latin-1"),  # byte for byte: reparse with .encode("latin-1")
        "encoding": "latin-1",
        "mail_from": mail_from,
        "rcpt_tos": list(rcpt_tos or []),
    }
    received = inbound.store(CHANNEL, external_id(raw, mail.message_id), payload, sender=mail.sender, account=account)
    if received.duplicate:
        return Outcome("duplicate", received.message.result, received.message.report)
    message = received.message
    try:
        return _handle(message, mail, account)
    except Exception as exc:
        logger.exception("inbound e-mail %s failed", message.pk)
        inbound.finish(message, State.FAILED, result="error", error=f"{exc.__class__.__name__}: {exc}")
        return Outcome(State.FAILED, "error", answer_id=answers.send_answer(mail, answers.failed()))


def _handle(message: InboundMessage, mail: Mail, account: ChannelAccount | None) -> Outcome:
    if mail.automatic:
        return _reject(message, mail, "automatic", "", answer=False)
    if not _valid_sender(mail.sender):
        return _reject(message, mail, "no_sender", "", answer=False)
    report_code = _reply_target(mail)
    if report_code:
        return _reply(message, mail, report_code)
    return _new_report(message, mail, account)


def _valid_sender(address: str) -> bool:
    if not address:
        return False
    try:
        validate_email(address)
    except ValidationError:
        return False
    # Mail "from" ourselves is a loop (a bounce of our own answer, a misrouted notification): never answer it.
    own = {settings.ADUAN_REPORT_EMAIL.strip().lower(), parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower()}
    return address not in own and account_for(address) is None


def _reply_target(mail: Mail) -> str | None:
    """The code of the report this mail answers: by the message it replies to, else by the subject's tag."""
    if mail.references:
        code = (
            Notification.objects.filter(channel=CHANNEL, provider_id__in=mail.references)
            .values_list("report__code", flat=True)
            .first()
        ) or (
            InboundMessage.objects.filter(channel=CHANNEL, external_id__in=mail.references, report__isnull=False)
            .values_list("report__code", flat=True)
            .first()
        )
        if code:
            return code
    return mail.code


def _new_report(message: InboundMessage, mail: Mail, account: ChannelAccount | None) -> Outcome:
    body = mail.body
    if len(body) < 3:
        if not mail.attachments or len(mail.title) < 3:
            return _reject(message, mail, "empty", answers.empty())
        body = mail.title  # a photo with a subject line is a report; its subject is all it says
    tags = mail.tags
    classification = next((t for t in ("information_request", "aspiration", "complaint") if t in tags), "complaint")
    institution = account.institution if account is not None else None
    try:
        submission = lifecycle.submit(
            Actor.channel(CHANNEL, institution),
            classification=classification,
            title=mail.title,
            body=body,
            anonymous="anonymous" in tags,
            confidential="confidential" in tags,
            reporter={"name": mail.sender_name, "email": mail.sender},
            channel=CHANNEL,
            sender=mail.sender,
            intake_institution=institution,
            attachments=mail.attachments[:10],
        )
    except LifecycleError as exc:
        return _reject(message, mail, exc.code, answers.not_accepted(exc.detail))
    # The outbox's "submitted" notification is the answer: it carries the tracking code and is retried.
    inbound.finish(message, State.PROCESSED, result="submitted", report=submission.report)
    return Outcome(State.PROCESSED, "submitted", submission.report)


def _reply(message: InboundMessage, mail: Mail, code: str) -> Outcome:
    report = Report.objects.filter(code=code).only("pk", "code").first()
    if report is None:
        return _reject(message, mail, "not_found", answers.unknown_code(code))
    text = mail.reply_text
    if len(text) < 1 and mail.attachments:
        text = mail.title
    if not text:
        return _reject(message, mail, "empty", answers.empty(), code=code, report=report)
    if not _authenticated(mail):
        return _reject(message, mail, "unauthenticated", answers.not_yours(code), code=code, report=report)
    try:
        perform(
            Actor.reporter_by_sender(CHANNEL, mail.sender),
            code,
            "reply",
            {"message": text},
            attachments=mail.attachments[:10] or None,
        )
    except NotAllowed:
        return _reject(message, mail, "not_reporter", answers.not_yours(code), code=code, report=report)
    except Invalid as exc:
        if exc.code == "not_found":
            return _reject(message, mail, "not_found", answers.unknown_code(code))
        return _reject(message, mail, exc.code, answers.refused(code, exc.detail), code=code, report=report)
    except LifecycleError as exc:
        return _reject(message, mail, exc.code, answers.refused(code, exc.detail), code=code, report=report)
    inbound.finish(message, State.PROCESSED, result="reply", report=report)
    answer = answers.send_answer(mail, answers.reply_received(code), code=code)
    return Outcome(State.PROCESSED, "reply", report, answer)


def _authenticated(mail: Mail) -> bool:
    """When the operator names its MTA (ADUAN_EMAIL_AUTHSERV_ID), a reply must carry that MTA's verdict that
    the From domain is genuine (DMARC, or DKIM/SPF): a forged From must not speak for a reporter."""
    authserv = settings.ADUAN_EMAIL_AUTHSERV_ID.strip().lower()
    if not authserv:
        return True
    for header in mail.auth_results:
        server, _, verdicts = header.partition(";")
        tokens = server.split()
        if not tokens or tokens[0].lower() != authserv:
            continue
        verdicts = verdicts.lower()
        if "dmarc=pass" in verdicts or "dkim=pass" in verdicts or "spf=pass" in verdicts:
            return True
    return False


def _reject(
    message: InboundMessage,
    mail: Mail,
    result: str,
    text: str,
    *,
    answer: bool = True,
    code: str = "",
    report: Report | None = None,
) -> Outcome:
    answer_id = answers.send_answer(mail, text, code=code) if answer and text else ""
    error = text or result
    inbound.finish(message, State.REJECTED, result=result, report=report, error=error)
    return Outcome(State.REJECTED, result, report, answer_id)
