"""What every lifecycle action shares: lock, check, append, save, owe — in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.core import trackcode
from aduan.core.fastwrite import insert
from aduan.institutions.models import Institution
from aduan.notify.models import Notification
from aduan.notify.outbox import owed
from aduan.reports import attachments as files
from aduan.reports import observers
from aduan.reports.actors import Actor
from aduan.reports.errors import Invalid, NotAllowed, WrongState
from aduan.reports.events import new_event
from aduan.reports.models import ActorKind, Assignment, Report, ReportEvent, Status
from aduan.reports.visibility import hash_token

MAX_MESSAGE = 10_000


@dataclass
class Change:
    """What one action does to one report, before it is written."""

    report: Report
    events: list[ReportEvent] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    files: list[files.CheckedFile] = field(default_factory=list)

    def append(self, actor: Actor, at: datetime, kind: str, status: str, audience: str, **kw: Any) -> ReportEvent:
        actor = with_institution(actor, self.report)
        event = new_event(self.report, kind=kind, actor=actor, at=at, status_after=status, audience=audience, **kw)
        self.events.append(event)
        self.notifications.extend(owed(self.report, event, at))
        return event


@lru_cache(maxsize=1)
def _operator_pk() -> int | None:
    return Institution.objects.filter(kind=Institution.Kind.OPERATOR).values_list("pk", flat=True).first()


def operator_institution() -> Institution | None:
    """The instance's operator: whom a national verifier acts for."""
    pk = _operator_pk()
    found = Institution.objects.filter(pk=pk).first() if pk else None
    if found is None:
        _operator_pk.cache_clear()
    return found


def with_institution(actor: Actor, report: Report) -> Actor:
    """Record which institution a staff member acted for, so the history says who answered."""
    if actor.kind != ActorKind.USER or actor.user is None or actor.institution is not None:
        return actor
    viewer = actor.viewer
    institution = None
    if viewer.liaises(report):
        institution = report.unit or report.institution
    elif viewer.administers(report) and report.institution is not None:
        owner_id = report.institution.owner_id
        institution = report.institution if report.institution.pk == owner_id else Institution.objects.get(pk=owner_id)
    elif viewer.verifies(report):
        institution = report.intake_institution or operator_institution()
    return replace(actor, institution=institution) if institution is not None else actor


def now() -> datetime:
    return timezone.now()


def lock(report: Report | str) -> Report:
    """The report, re-read and locked for this transaction (PostgreSQL row lock; SQLite's write lock)."""
    query = Report.objects.select_for_update(of=("self",)).select_related(
        "institution", "unit", "intake_institution", "reporter"
    )
    if isinstance(report, Report):
        return query.get(pk=report.pk)
    code = trackcode.normalize(report)
    found = query.filter(code=code).first() if code else None
    if found is None:
        raise Invalid(_("Laporan dengan kode %(code)s tidak ditemukan.") % {"code": report}, code="not_found")
    return found


def write(change: Change) -> Report:
    """Save the report head, its new events, owed notifications and attachments."""
    report = change.report
    if report.pk is None:
        insert(report)  # intake is the hot path: see core.fastwrite
    else:
        report.save()
    for event in change.events:
        insert(event)
    for notification in change.notifications:
        insert(notification)
    seq = change.events[-1].seq if change.events else None
    for checked in change.files:
        files.store(report, checked, uploaded_by=change.events[-1].actor_kind, event_seq=seq)
    observers.changed([change])
    return report


def run(report: Report | str, act: Any) -> Report:
    """Lock the report, let `act` fill a Change, write it — all or nothing."""
    with transaction.atomic():
        locked = lock(report)
        change = Change(locked)
        act(change)
        return write(change)


# --- checks shared by actions ---


def require_state(report: Report, allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    if report.status not in allowed:
        raise WrongState(
            _("Tindakan ini tidak dapat dilakukan pada laporan berstatus “%(status)s”.")
            % {"status": Status(report.status).label}
        )


def require(condition: bool, message: str) -> None:
    if not condition:
        raise NotAllowed(message)


def require_text(value: str | None, what: str, minimum: int = 1) -> str:
    text = (value or "").strip()
    if len(text) < minimum:
        raise Invalid(_("%(what)s wajib diisi.") % {"what": what}, code="missing_field")
    if len(text) > MAX_MESSAGE:
        raise Invalid(_("%(what)s terlalu panjang.") % {"what": what}, code="too_long")
    return text


def optional_text(value: str | None) -> str:
    text = (value or "").strip()
    if len(text) > MAX_MESSAGE:
        raise Invalid(_("Pesan terlalu panjang."), code="too_long")
    return text


def resolve_institution(value: Institution | str | None, what: str) -> Institution:
    if isinstance(value, Institution):
        return value
    found = Institution.objects.filter(code=(value or "").strip(), active=True).first() if value else None
    if found is None:
        raise Invalid(
            _("%(what)s tidak dikenal: %(code)s") % {"what": what, "code": value or "—"}, code="unknown_institution"
        )
    return found


def parse_date(value: date | str | None, what: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise Invalid(_("%(what)s harus berupa tanggal (TTTT-BB-HH).") % {"what": what}, code="invalid_date") from exc


def is_reporter(actor: Actor, report: Report) -> bool:
    """The reporter, by account, by the secret of the access link, or by the sender id a channel vouches for."""
    if actor.user is not None and report.reporter_user_id == actor.user.pk:
        return True
    if actor.access_token and report.access_token_hash:
        return hash_token(actor.access_token) == report.access_token_hash
    if actor.sender and report.reporter is not None:
        from aduan.reports.lifecycle.intake import sender_index

        channel, _sender = actor.sender
        known = {report.reporter.sender_index}
        # A web reporter who gave an e-mail or phone number may answer from it: the blind indexes are the
        # same keyed hash of the same normalised value (0812…, 62812… and +62812… are one reporter).
        if channel == "email":
            known.add(report.reporter.email_index)
        elif channel in ("sms", "whatsapp"):
            known.add(report.reporter.phone_index)
        return sender_index(*actor.sender) in known - {""}
    return False


def as_reporter(actor: Actor) -> Actor:
    """Events by the reporter are recorded as the reporter's, whatever proof they used."""
    return Actor(kind=ActorKind.REPORTER, user=actor.user, label=actor.label or "pelapor")


def open_assignment(report: Report, institution: Institution, level: str, at: datetime, seq: int) -> None:
    Assignment.objects.create(report=report, institution=institution, level=level, started_at=at, event_seq=seq)


def end_assignments(report: Report, at: datetime, reason: str, level: str | None = None) -> None:
    active = Assignment.objects.filter(report=report, ended_at__isnull=True)
    if level:
        active = active.filter(level=level)
    active.update(ended_at=at, end_reason=reason)
