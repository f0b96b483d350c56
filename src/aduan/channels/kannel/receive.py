"""An SMS from Kannel's sms-service, from raw message to answer (DESIGN §7).

Order: keep the raw message (once per Kannel message id), then parse, then hand to the lifecycle. The
answer is the HTTP body Kannel sends back to the phone, so every outcome, refusals included, is an answer
in Indonesian; the message is kept with its state (processed, rejected, failed) for inspection.

The answer to a new report IS the reporter's `submitted` notification: it is marked sent in the same
transaction that files the report (so no worker sends the tracking code a second time through sendsms) and
the view asks Kannel, through `X-Kannel-DLR-*` headers, for delivery reports on it, like any other SMS.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from aduan.channels import inbound
from aduan.channels.kannel import answers, commands
from aduan.channels.models import ChannelAccount, InboundMessage
from aduan.core.phones import normalize_phone
from aduan.notify.models import Notification
from aduan.reports import lifecycle, visibility
from aduan.reports.actors import Actor
from aduan.reports.errors import LifecycleError, NotAllowed
from aduan.reports.lifecycle.base import is_reporter
from aduan.reports.models import Report, Status

logger = logging.getLogger("aduan.channels.kannel")
CHANNEL = "sms"
State = InboundMessage.State
# The query parameters kept as the raw message (the shared secret is not).
FIELDS = ("from", "to", "text", "id", "ts", "coding", "charset", "smsc")


@dataclass(frozen=True)
class Answer:
    text: str
    # The outbox row this answer delivers, for Kannel's delivery report (a new report's tracking code).
    notification_id: int | None = None


def receive(params: Mapping[str, str]) -> Answer:
    raw = {key: params[key] for key in FIELDS if key in params}
    sender = (params.get("from") or "").strip()
    to = (params.get("to") or "").strip()
    account = account_for(to)
    received = inbound.store(CHANNEL, external_id(params), raw, sender=sender, account=account)
    message = received.message
    if received.duplicate:
        return repeat(message, raw)
    try:
        return process(message, sender, params.get("text") or "", account)
    except Exception as exc:  # the citizen still gets an answer; the message is kept, marked failed
        logger.exception("SMS %s failed", message.pk)
        inbound.finish(message, State.FAILED, result="error", error=f"{exc.__class__.__name__}: {exc}")
        return Answer(answers.failure())


def external_id(params: Mapping[str, str]) -> str:
    """Kannel's message id (`%I`); without it, a digest of what identifies the message."""
    given = (params.get("id") or "").strip()
    if given:
        return given
    key = "\x1f".join(params.get(k) or "" for k in ("from", "to", "text", "ts"))
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def account_for(to: str) -> ChannelAccount | None:
    """The institution-owned number the SMS was sent to, as Kannel reports it or in E.164 form."""
    if not to:
        return None
    numbers = _sms_numbers()
    for address in dict.fromkeys((to, normalize_phone(to) or to)):
        if address in numbers:
            return inbound.account_for(CHANNEL, address)
    return None


_numbers: dict[str, tuple[float, frozenset[str]]] = {}
NUMBERS_TTL = 30.0


def _sms_numbers() -> frozenset[str]:
    """The addresses of active SMS accounts, re-read at most every 30 s (and at once when one is saved here):
    most SMS go to the instance's own number, and need no look-up at all."""
    loaded_at, numbers = _numbers.get(CHANNEL, (0.0, frozenset()))
    if not loaded_at or time.monotonic() - loaded_at > NUMBERS_TTL:
        rows = ChannelAccount.objects.filter(channel=CHANNEL, active=True).values_list("address", flat=True)
        numbers = frozenset(address.strip() for address in rows)
        _numbers[CHANNEL] = (time.monotonic(), numbers)
    return numbers


@receiver([post_save, post_delete], sender=ChannelAccount)
def _forget_numbers(**kwargs: object) -> None:
    _numbers.clear()


def process(message: InboundMessage, sender: str, text: str, account: ChannelAccount | None) -> Answer:
    if normalize_phone(sender) is None:
        return reject(message, "bad_sender", answers.bad_sender())
    command = commands.parse(text)
    if command.kind == "empty":
        return reject(message, "empty", answers.empty())
    if command.kind == "usage":
        return reject(message, "usage", answers.usage(command.keyword))
    if command.kind == "info":
        return status(message, sender, command, text, account)
    if command.kind == "reply":
        return reply(message, sender, command)
    return file_report(message, sender, command, account)


def reject(message: InboundMessage, result: str, text: str) -> Answer:
    # The answer is kept as the error: a repeat of the message gets the same words.
    inbound.finish(message, State.REJECTED, result=result, error=text)
    return Answer(text)


def file_report(
    message: InboundMessage, sender: str, command: commands.Command, account: ChannelAccount | None
) -> Answer:
    institution = account.institution if account is not None else None
    try:
        with transaction.atomic():
            submission = lifecycle.submit(
                Actor.channel(CHANNEL, institution),
                classification="complaint",
                title=commands.title_of(command.text),
                body=command.text,
                anonymous=command.anonymous,
                confidential=command.confidential,
                reporter={"phone": normalize_phone(sender) or ""},
                channel=CHANNEL,
                sender=sender,
                intake_institution=institution,
            )
            notification_id = answered(submission.report)
            inbound.finish(message, State.PROCESSED, result="submitted", report=submission.report)
    except LifecycleError as exc:
        return reject(message, exc.code, answers.not_accepted(exc.detail))
    return Answer(answers.created(submission.report.code), notification_id)


def answered(report: Report) -> int | None:
    """Mark the reporter's `submitted` SMS notification sent: this answer carries it."""
    row = (
        Notification.objects.filter(
            report=report,
            channel=CHANNEL,
            kind="submitted",
            audience=Notification.Audience.REPORTER,
            state=Notification.State.QUEUED,
        )
        .values_list("pk", flat=True)
        .first()
    )
    if row is None:
        return None
    now = timezone.now()
    Notification.objects.filter(pk=row).update(
        state=Notification.State.SENT, attempts=1, sent_at=now, next_attempt_at=now, provider_id=str(row)
    )
    return row


def find(code: str) -> Report | None:
    return Report.objects.select_related("institution", "unit", "reporter").filter(code=code).first()


def status(
    message: InboundMessage,
    sender: str,
    command: commands.Command,
    text: str,
    account: ChannelAccount | None,
) -> Answer:
    report = find(command.code)
    if report is None:
        if len(command.text.split()) >= 2:
            # "Status jalannya rusak parah": a code-shaped word, then a sentence: a new report after all.
            return file_report(message, sender, commands.parse_report(text), account)
        return reject(message, "unknown_code", answers.unknown_code(command.code))
    # Status is public for public reports; otherwise only the number that sent the report hears it.
    if not (visibility.is_public(report) or is_reporter(Actor.reporter_by_sender(CHANNEL, sender), report)):
        return reject(message, "not_reporter", answers.not_yours_status(report.code))
    inbound.finish(message, State.PROCESSED, result="status", report=report)
    return Answer(status_text(report))


def status_text(report: Report) -> str:
    holder = report.unit or report.institution
    return answers.status(report.code, str(Status(report.status).label), holder.name if holder else "")


def reply(message: InboundMessage, sender: str, command: commands.Command) -> Answer:
    report = find(command.code)
    if report is None:
        return reject(message, "unknown_code", answers.unknown_code(command.code))
    if not command.text:
        return reject(message, "empty_reply", answers.reply_empty(report.code))
    try:
        lifecycle.dispatch.perform(
            Actor.reporter_by_sender(CHANNEL, sender), report.code, "reply", {"message": command.text}
        )
    except NotAllowed:
        return reject(message, "not_reporter", answers.not_yours_reply(report.code))
    except LifecycleError as exc:
        return reject(message, exc.code, answers.refused(report.code, exc.detail))
    inbound.finish(message, State.PROCESSED, result="replied", report=report)
    return Answer(answers.replied(report.code))


def repeat(message: InboundMessage, raw: Mapping[str, str]) -> Answer:
    """Kannel sent the same message again (its retry after a timeout): the same answer, nothing done twice."""
    message.refresh_from_db()
    if message.state == State.REJECTED and message.error:
        return Answer(message.error)
    if message.state != State.PROCESSED or message.report_id is None:
        return Answer(answers.pending())
    report = find(message.report.code) if message.report is not None else None
    if report is None:
        return Answer(answers.pending())
    if message.result == "submitted":
        return Answer(answers.created(report.code))
    if message.result == "replied":
        return Answer(answers.replied(report.code))
    return Answer(status_text(report))
