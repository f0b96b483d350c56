"""What the reporter does: reply, dispute a response, confirm it, rate the result."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import IO, Any

from django.utils.translation import gettext as _

from aduan.reports import attachments as files
from aduan.reports import deadlines
from aduan.reports.actors import Actor
from aduan.reports.errors import Invalid, NotAllowed, WrongState
from aduan.reports.lifecycle.base import (
    Change,
    as_reporter,
    is_reporter,
    now,
    optional_text,
    require_text,
    run,
)
from aduan.reports.lifecycle.guards import guard
from aduan.reports.lifecycle.verification import supply_info
from aduan.reports.models import ActorKind, ClosedHow, DueKind, EventAudience, Report, ReporterIdentity, Status, Support
from aduan.reports.states import OPEN
from aduan.reports.visibility import is_public

Files = list[tuple[str, IO[bytes] | bytes]] | None


def reply(
    actor: Actor, report: Report | str, *, message: str, attachments: Files = None, at: datetime | None = None
) -> Report:
    """A message from the reporter. While information is awaited, it is the information asked for."""
    at = at or now()
    if _status_of(report) == Status.NEEDS_INFO:
        return supply_info(actor, report, message=message, attachments=attachments, at=at)
    checked = files.check_all(attachments or [])

    def act(change: Change) -> None:
        r = change.report
        guard("reply", actor, r)
        text = require_text(message, _("Balasan"))
        change.append(as_reporter(actor), at, "reporter_replied", r.status, EventAudience.REPORTER, public_text=text)
        change.files = checked

    return run(report, act)


def dispute(actor: Actor, report: Report | str, *, message: str, at: datetime | None = None) -> Report:
    """The response did not solve it: back in progress with a new 5-working-day deadline (no empty “selesai”)."""
    at = at or now()

    def act(change: Change) -> None:
        r = change.report
        guard("dispute", actor, r)
        text = require_text(message, _("Alasan keberatan"))
        r.dispute_count += 1
        deadlines.start(r, DueKind.FOLLOW_UP, at)
        change.append(
            as_reporter(actor),
            at,
            "disputed",
            Status.IN_PROGRESS,
            EventAudience.PUBLIC,
            public_text=text,
            data={"dispute": r.dispute_count},
        )

    return run(report, act)


def confirm(actor: Actor, report: Report | str, *, message: str = "", at: datetime | None = None) -> Report:
    """The reporter confirms the problem is solved."""
    at = at or now()

    def act(change: Change) -> None:
        r = change.report
        guard("confirm", actor, r)
        close(r, ClosedHow.CONFIRMED, at)
        change.append(
            as_reporter(actor),
            at,
            "confirmed",
            Status.COMPLETED,
            EventAudience.PUBLIC,
            public_text=optional_text(message),
        )

    return run(report, act)


def rate(actor: Actor, report: Report | str, *, score: Any, message: str = "", at: datetime | None = None) -> Report:
    at = at or now()
    value = _score(score)

    def act(change: Change) -> None:
        r = change.report
        guard("rate", actor, r)
        if r.rating is not None:
            raise Invalid(_("Laporan ini sudah dinilai."), code="already_rated")
        r.rating = value
        change.append(
            as_reporter(actor),
            at,
            "rated",
            Status.COMPLETED,
            EventAudience.PUBLIC,
            public_text=optional_text(message),
            data={"score": value},
        )

    return run(report, act)


def close(r: Report, how: str, at: datetime) -> None:
    r.closed_how = how
    r.closed_at = at
    r.escalate_at = None
    deadlines.stop(r)


def _score(score: Any) -> int:
    try:
        value = int(score)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5 or str(score).strip() not in {str(value), f"{value}.0"}:
        raise Invalid(_("Nilai harus bilangan bulat 1 sampai 5."), code="invalid_score")
    return value


def _status_of(report: Report | str) -> str | None:
    if isinstance(report, Report):
        return Report.objects.filter(pk=report.pk).values_list("status", flat=True).first()
    from aduan.core import trackcode

    code = trackcode.normalize(report)
    return Report.objects.filter(code=code).values_list("status", flat=True).first() if code else None


def support(actor: Actor, report: Report | str, *, voter: str, at: datetime | None = None) -> Report:
    """“Dukung”: a citizen adds their weight to an open public report instead of filing a duplicate.
    `voter` identifies the person (account or browser) and is kept only as a hash; once per person."""
    at = at or now()
    key = hashlib.sha256(f"support:{voter}".encode()).hexdigest()

    def act(change: Change) -> None:
        r = change.report
        if not is_public(r) or r.status not in OPEN:
            raise WrongState(_("Laporan ini tidak dapat didukung."))
        if Support.objects.filter(report=r, voter=key).exists():
            raise Invalid(_("Anda sudah mendukung laporan ini."), code="already_supported")
        Support.objects.create(report=r, voter=key, created_at=at)
        r.support_count += 1
        change.append(Actor(kind=ActorKind.PUBLIC, label="warga"), at, "supported", r.status, EventAudience.PUBLIC)

    return run(report, act)


def claim(actor: Actor, report: Report | str, *, user: Any, at: datetime | None = None) -> Report:
    """A reporter who filed without an account links the report to the account they just made."""
    at = at or now()

    def act(change: Change) -> None:
        r = change.report
        if not is_reporter(actor, r):
            raise NotAllowed(_("Hanya pelapor yang dapat melakukan tindakan ini."))
        if r.reporter_user_id is not None:
            raise Invalid(_("Laporan ini sudah terhubung dengan sebuah akun."), code="already_claimed")
        r.reporter_user = user
        if r.reporter is not None:
            ReporterIdentity.objects.filter(pk=r.reporter.pk).update(user=user)
        change.append(as_reporter(actor), at, "claimed", r.status, EventAudience.INTERNAL)

    return run(report, act)
