"""What the institution and its units do with a report routed to them."""

from __future__ import annotations

from datetime import datetime
from typing import IO

from django.utils.translation import gettext as _

from aduan.institutions.models import Institution
from aduan.reports import attachments as files
from aduan.reports import deadlines
from aduan.reports.actors import Actor
from aduan.reports.errors import Invalid, NotAllowed
from aduan.reports.lifecycle.base import (
    Change,
    end_assignments,
    now,
    open_assignment,
    optional_text,
    require_text,
    resolve_institution,
    run,
)
from aduan.reports.lifecycle.guards import FINAL_AFTER_TRANSFERS, guard
from aduan.reports.models import Assignment, DueKind, EventAudience, Report, Status


def accept(actor: Actor, report: Report | str, *, message: str = "", at: datetime | None = None) -> Report:
    """The institution takes the report on; the follow-up deadline keeps running."""
    at = at or now()

    def act(change: Change) -> None:
        r = change.report
        guard("accept", actor, r)
        change.append(
            actor,
            at,
            "accepted",
            Status.IN_PROGRESS,
            EventAudience.PUBLIC,
            public_text=optional_text(message),
            data=_actor_data(actor, r),
        )

    return run(report, act)


def assign(
    actor: Actor,
    report: Report | str,
    *,
    institution: Institution | str,
    message: str = "",
    at: datetime | None = None,
) -> Report:
    """Route the report on to one of the institution's units (OPD)."""
    at = at or now()

    def act(change: Change) -> None:
        r = change.report
        guard("assign", actor, r)
        unit = resolve_institution(institution, _("Unit kerja"))
        if unit.kind != Institution.Kind.UNIT or unit.owner_id != r.institution.owner_id or unit.pk == r.institution_id:
            raise Invalid(
                _("%(unit)s bukan unit kerja di bawah %(inst)s.") % {"unit": unit, "inst": r.institution},
                code="invalid_institution",
            )
        if unit.pk == r.unit_id:
            raise Invalid(_("Laporan sudah ditangani %(unit)s.") % {"unit": unit}, code="invalid_institution")
        end_assignments(r, at, "reassigned", level=Assignment.Level.UNIT)
        r.unit = unit
        event = change.append(
            actor,
            at,
            "assigned",
            Status.IN_PROGRESS,
            EventAudience.PUBLIC,
            public_text=optional_text(message),
            data={"unit": unit.code},
        )
        open_assignment(r, unit, Assignment.Level.UNIT, at, event.seq)

    return run(report, act)


def not_authority(
    actor: Actor,
    report: Report | str,
    *,
    reason: str,
    proposal: Institution | str | None = None,
    at: datetime | None = None,
) -> Report:
    """“Bukan wewenang”: an institution returns the report to the verifier with its reason (and may
    propose the right one); a unit returns it to its institution. Refused once routing is final."""
    at = at or now()

    def act(change: Change) -> None:
        r = change.report
        guard("not_authority", actor, r)
        text = require_text(reason, _("Alasan bukan wewenang"), minimum=10)
        proposed = resolve_institution(proposal, _("Instansi yang diusulkan")) if proposal else None
        if actor.viewer.administers(r):
            _return_to_verifier(change, actor, text, proposed, at)
        else:
            _return_to_institution(change, actor, text, at)

    return run(report, act)


def _return_to_verifier(change: Change, actor: Actor, reason: str, proposed: Institution | None, at: datetime) -> None:
    r = change.report
    if r.transfer_count >= FINAL_AFTER_TRANSFERS:
        raise NotAllowed(
            _("Laporan ini sudah dialihkan %(n)d kali; keputusan verifikator bersifat final dan tidak dapat ditolak.")
            % {"n": r.transfer_count}
        )
    declined = r.institution
    end_assignments(r, at, "not_authority")
    r.institution, r.unit = None, None
    deadlines.start(r, DueKind.VERIFY, at)
    change.append(
        actor,
        at,
        "not_authority",
        Status.SUBMITTED,
        EventAudience.PUBLIC,
        public_text=reason,
        data={"institution": declined.code, "proposal": proposed.code if proposed else None},
    )


def _return_to_institution(change: Change, actor: Actor, reason: str, at: datetime) -> None:
    r = change.report
    declined = r.unit or r.institution
    end_assignments(r, at, "unit_declined", level=Assignment.Level.UNIT)
    if r.unit is None:
        # The verifier had routed straight to this unit: the unit's own institution now holds it.
        end_assignments(r, at, "unit_declined")
        r.institution = Institution.objects.get(pk=declined.owner_id)
    r.unit = None
    event = change.append(
        actor,
        at,
        "unit_declined",
        Status.IN_PROGRESS,
        EventAudience.INTERNAL,
        internal_note=reason,
        data={"unit": declined.code, "institution": r.institution.code},
    )
    if (
        declined.pk != r.institution_id
        and not r.assignments.filter(institution=r.institution, ended_at__isnull=True).exists()
    ):
        open_assignment(r, r.institution, Assignment.Level.INSTITUTION, at, event.seq)


def respond(
    actor: Actor,
    report: Report | str,
    *,
    message: str,
    attachments: list[tuple[str, IO[bytes] | bytes]] | None = None,
    at: datetime | None = None,
) -> Report:
    """The follow-up (tindak lanjut). It starts the reporter's 10-working-day window to reply or dispute."""
    at = at or now()
    checked = files.check_all(attachments or [])

    def act(change: Change) -> None:
        r = change.report
        guard("respond", actor, r)
        text = require_text(message, _("Tanggapan"), minimum=10)
        r.first_response_at = r.first_response_at or at
        r.responded_at = at
        deadlines.start(r, DueKind.REPORTER_WINDOW, at)
        change.append(
            actor, at, "responded", Status.RESPONDED, EventAudience.PUBLIC, public_text=text, data=_actor_data(actor, r)
        )
        change.files = checked

    return run(report, act)


def comment(actor: Actor, report: Report | str, *, message: str, at: datetime | None = None) -> Report:
    """A handler or verifier writes to the reporter through the system (identity never exposed)."""
    at = at or now()

    def act(change: Change) -> None:
        r = change.report
        guard("comment", actor, r)
        text = require_text(message, _("Pesan"))
        change.append(actor, at, "staff_message", r.status, EventAudience.REPORTER, public_text=text)

    return run(report, act)


def note(actor: Actor, report: Report | str, *, message: str, at: datetime | None = None) -> Report:
    """An internal note for the handlers; never shown to the reporter or the public."""
    at = at or now()

    def act(change: Change) -> None:
        r = change.report
        guard("note", actor, r)
        text = require_text(message, _("Catatan"))
        change.append(actor, at, "note", r.status, EventAudience.INTERNAL, internal_note=text)

    return run(report, act)


def _actor_data(actor: Actor, r: Report) -> dict[str, str]:
    holder = r.unit if (r.unit is not None and actor.viewer.liaises(r)) else r.institution
    return {"institution": holder.code} if holder is not None else {}
