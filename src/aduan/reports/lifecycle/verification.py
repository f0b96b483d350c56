"""The verifier's actions, and the reporter's answer to a request for information."""

from __future__ import annotations

from datetime import date, datetime
from typing import IO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.core.redaction import redact
from aduan.institutions.models import Institution
from aduan.reports import attachments as files
from aduan.reports import deadlines
from aduan.reports.actors import Actor
from aduan.reports.errors import Invalid
from aduan.reports.lifecycle.base import (
    Change,
    as_reporter,
    lock,
    now,
    open_assignment,
    optional_text,
    parse_date,
    require_text,
    resolve_institution,
    run,
    write,
)
from aduan.reports.lifecycle.guards import FINAL_AFTER_TRANSFERS, guard
from aduan.reports.models import ArchiveReason, Assignment, DueKind, EventAudience, Report, Status
from aduan.reports.visibility import _known_names

MAX_POSTPONE_DAYS = 366


def verify(
    actor: Actor,
    report: Report | str,
    *,
    institution: Institution | str,
    message: str = "",
    public_title: str | None = None,
    public_body: str | None = None,
    note: str = "",
    at: datetime | None = None,
) -> Report:
    """Verify the report and route it to the institution that must follow it up."""
    at = at or now()

    def act(change: Change) -> None:
        r = change.report
        guard("verify", actor, r)
        target = resolve_institution(institution, _("Instansi tujuan"))
        if target.kind == Institution.Kind.OPERATOR:
            raise Invalid(
                _("Laporan harus diteruskan ke instansi yang menindaklanjuti, bukan ke pengelola."),
                code="invalid_institution",
            )
        transfer = r.dispositioned_at is not None
        r.transfer_count += 1 if transfer else 0
        r.institution, r.unit = target, None
        r.verified_at = r.verified_at or at
        r.dispositioned_at = at
        r.postponed_until = None
        # The public never reads who reported: not the name of an anonymous reporter, nor of anyone else.
        known = _known_names(r)
        r.public_title = redact(optional_text(public_title) or r.title, known)[:200]
        r.public_body = redact(optional_text(public_body) or r.body, known)
        deadlines.start(r, DueKind.FOLLOW_UP, at)
        deadlines.start_escalation(r, at)
        final = r.transfer_count >= FINAL_AFTER_TRANSFERS
        event = change.append(
            actor,
            at,
            "verified",
            Status.DISPOSITIONED,
            EventAudience.PUBLIC,
            public_text=optional_text(message),
            internal_note=optional_text(note),
            data={"institution": target.code, "transfer": r.transfer_count, "final": final},
        )
        open_assignment(r, target, Assignment.Level.INSTITUTION, at, event.seq)

    return run(report, act)


def request_info(actor: Actor, report: Report | str, *, message: str, at: datetime | None = None) -> Report:
    """Ask the reporter for what is missing; their clock of 10 working days starts."""
    at = at or now()

    def act(change: Change) -> None:
        r = change.report
        guard("request_info", actor, r)
        text = require_text(message, _("Pesan tentang kelengkapan yang diminta"))
        r.postponed_until = None
        deadlines.start(r, DueKind.REPORTER_INFO, at)
        change.append(actor, at, "info_requested", Status.NEEDS_INFO, EventAudience.REPORTER, public_text=text)

    return run(report, act)


def supply_info(
    actor: Actor,
    report: Report | str,
    *,
    message: str,
    attachments: list[tuple[str, IO[bytes] | bytes]] | None = None,
    at: datetime | None = None,
) -> Report:
    """The reporter completes the report; it goes back to the verifier with a fresh 3-working-day clock."""
    at = at or now()
    checked = files.check_all(attachments or [])

    def act(change: Change) -> None:
        r = change.report
        guard("supply_info", actor, r)
        text = require_text(message, _("Keterangan tambahan"))
        deadlines.start(r, DueKind.VERIFY, at)
        change.append(
            as_reporter(actor), at, "info_supplied", Status.SUBMITTED, EventAudience.REPORTER, public_text=text
        )
        change.files = checked

    return run(report, act)


def postpone(
    actor: Actor, report: Report | str, *, until: date | str, message: str = "", at: datetime | None = None
) -> Report:
    at = at or now()

    def act(change: Change) -> None:
        r = change.report
        guard("postpone", actor, r)
        day = parse_date(until, _("Tanggal kembali"))
        today = timezone.localdate(at)
        if not today < day <= date.fromordinal(today.toordinal() + MAX_POSTPONE_DAYS):
            raise Invalid(
                _("Tanggal kembali harus setelah hari ini dan paling lama setahun lagi."), code="invalid_date"
            )
        r.postponed_until = day
        deadlines.start_until(r, day)
        change.append(
            actor,
            at,
            "postponed",
            Status.POSTPONED,
            EventAudience.INTERNAL,
            internal_note=optional_text(message),
            data={"until": day.isoformat()},
        )

    return run(report, act)


def archive(
    actor: Actor, report: Report | str, *, reason: str, message: str = "", at: datetime | None = None
) -> Report:
    """Archive with a reason; a report is never deleted."""
    at = at or now()

    def act(change: Change) -> None:
        r = change.report
        guard("archive", actor, r)
        if reason not in ArchiveReason.values:
            choices = ", ".join(ArchiveReason.values)
            raise Invalid(_("Alasan arsip harus salah satu dari: %(list)s.") % {"list": choices}, code="invalid_reason")
        if reason == ArchiveReason.DUPLICATE:
            raise Invalid(_("Laporan duplikat digabungkan dengan tindakan “gabungkan”."), code="use_merge")
        text = require_text(message, _("Penjelasan")) if reason == ArchiveReason.OTHER else optional_text(message)
        _close_as_archived(r, reason, at)
        change.append(
            actor, at, "archived", Status.ARCHIVED, EventAudience.REPORTER, public_text=text, data={"reason": reason}
        )

    return run(report, act)


def _close_as_archived(r: Report, reason: str, at: datetime) -> None:
    r.archive_reason = reason
    r.closed_at = at
    r.postponed_until = None
    r.escalate_at = None
    deadlines.stop(r)


def merge(
    actor: Actor, report: Report | str, *, into: Report | str, message: str = "", at: datetime | None = None
) -> Report:
    """Archive a duplicate into the report it repeats; the original gains its support."""
    at = at or now()
    with transaction.atomic():
        source, target = _lock_pair(report, into)
        guard("merge", actor, source)
        if target.pk == source.pk:
            raise Invalid(_("Laporan tidak dapat digabungkan dengan dirinya sendiri."), code="invalid_merge")
        if target.status == Status.ARCHIVED:
            raise Invalid(_("Laporan tujuan sudah diarsipkan."), code="invalid_merge")
        first, second = Change(source), Change(target)
        _close_as_archived(source, ArchiveReason.DUPLICATE, at)
        source.merged_into = target
        first.append(
            actor,
            at,
            "merged",
            Status.ARCHIVED,
            EventAudience.REPORTER,
            public_text=optional_text(message),
            data={"into": target.code},
        )
        target.support_count += 1
        second.append(actor, at, "duplicate_merged", target.status, EventAudience.INTERNAL, data={"from": source.code})
        write(second)
        return write(first)


def _lock_pair(report: Report | str, into: Report | str) -> tuple[Report, Report]:
    """Lock both reports in a fixed order so two merges never deadlock."""
    a, b = _code(report), _code(into)
    first, second = sorted([a, b])
    locked = {first: lock(first)}
    locked[second] = locked[first] if second == first else lock(second)
    return locked[a], locked[b]


def _code(value: Report | str) -> str:
    return value.code if isinstance(value, Report) else str(value)


def reopen(actor: Actor, report: Report | str, *, message: str, at: datetime | None = None) -> Report:
    """The verifier reopens a closed report: a completed one goes back to its institution with a new
    5-working-day deadline; an archived one goes back to verification (a merged duplicate is un-merged,
    and the original it had been merged into records that in its own history)."""
    at = at or now()
    with transaction.atomic():
        code = _code(report)
        original = Report.objects.filter(code=code).values_list("merged_into__code", flat=True).first()
        r, target = _lock_pair(code, original) if original else (lock(code), None)
        guard("reopen", actor, r)
        text = require_text(message, _("Alasan membuka kembali"))
        change = Change(r)
        if r.status == Status.COMPLETED:
            _reopen_completed(change, actor, text, at)
            return write(change)
        r.closed_at, r.archive_reason = None, ""
        deadlines.start(r, DueKind.VERIFY, at)
        if target is not None and r.merged_into_id == target.pk:
            r.merged_into = None
            target.support_count = max(target.support_count - 1, 0)
            unmerged = Change(target)
            unmerged.append(
                actor, at, "duplicate_unmerged", target.status, EventAudience.INTERNAL, data={"from": r.code}
            )
            write(unmerged)
        change.append(actor, at, "reopened", Status.SUBMITTED, EventAudience.REPORTER, public_text=text)
        return write(change)


def _reopen_completed(change: Change, actor: Actor, text: str, at: datetime) -> None:
    r = change.report
    if r.institution_id is None:
        raise Invalid(_("Laporan ini belum pernah diteruskan ke instansi."), code="invalid_state")
    r.closed_at, r.closed_how = None, ""
    deadlines.start(r, DueKind.FOLLOW_UP, at)
    deadlines.start_escalation(r, at)
    change.append(actor, at, "reopened", Status.IN_PROGRESS, EventAudience.PUBLIC, public_text=text)


def postpone_ended(report: Report, at: datetime) -> Change:
    """Time: the date a verifier postponed to has come; the report is back in the verification queue."""
    change = Change(report)
    report.postponed_until = None
    # The verifier's 3 working days count from the chosen date, even when the sweep runs late.
    deadlines.start(report, DueKind.VERIFY, min(at, report.due_at or at))
    change.append(Actor.system(), at, "postpone_ended", Status.SUBMITTED, EventAudience.INTERNAL)
    return change
