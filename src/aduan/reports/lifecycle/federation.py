"""Federation in the lifecycle (docs/federation.md): forwarding a report to an institution that lives on a
peer instance, and mirroring here what the handling side does with it.

- `forward` (a verifier, or the institution admin holding the report): appends a public "forwarded" event,
  ends local holding and clocks, links the report to the peer and writes the outbox row that carries it
  there — in one transaction. From then on the peer owns the status; here only messages and the
  reporter's actions remain (`WHILE_ELSEWHERE`), and the reporter's actions are relayed to the handler.
- `peer_event` (the peer, through a signed request): one public or reporter-facing step of the handling
  side, appended here with the handler's status, so the reporter follows it at the instance they used
  and hears of it by their channel. Identity never crosses the border: the handler knows a pseudonym.
"""

from __future__ import annotations

from datetime import datetime
from typing import IO, Any

from django.utils.translation import gettext as _

from aduan.notify.models import Notification
from aduan.notify.outbox import REPORTER_KINDS, reporter_channels
from aduan.reports import attachments as files
from aduan.reports import deadlines, states
from aduan.reports.actors import Actor
from aduan.reports.errors import Invalid, NotAllowed
from aduan.reports.lifecycle.base import Change, end_assignments, now, optional_text, run
from aduan.reports.lifecycle.guards import guard
from aduan.reports.models import ActorKind, ArchiveReason, ClosedHow, EventAudience, Report, ReportEvent, Status

# What may still happen to a report that a peer handles: messages, notes, and the reporter's actions.
WHILE_ELSEWHERE = frozenset({"comment", "note", "reply", "supply_info", "dispute", "confirm", "rate"})

# The handling side's kinds that keep their own name here when the move is one they allow from the status
# we mirror; anything else is appended as a "peer_event" (any status to any: the handler owns the status).
MIRRORED_KINDS = frozenset(
    {
        "verified",
        "info_requested",
        "postponed",
        "postpone_ended",
        "archived",
        "accepted",
        "assigned",
        "not_authority",
        "responded",
        "closed_by_silence",
        "reopened",
        "escalated",
        "staff_message",
        "forwarded",
    }
)


def has_peers() -> bool:
    from aduan.federation.models import Peer

    return Peer.objects.filter(active=True).exists()


def handled_elsewhere(report: Report) -> bool:
    """True when this instance forwarded the report to a peer, which handles it now (cached on the object)."""
    cached = report.__dict__.get("_handled_elsewhere")
    if cached is None:
        from aduan.federation.models import PeerLink

        cached = report.pk is not None and PeerLink.objects.filter(report_id=report.pk, role="origin").exists()
        report.__dict__["_handled_elsewhere"] = cached
    return cached


def _target(peer_institution: Any, peer: str | None, institution: str | None) -> Any:
    from aduan.federation.models import PeerInstitution

    if isinstance(peer_institution, PeerInstitution):
        return peer_institution
    if isinstance(peer_institution, str) and not institution:
        institution = peer_institution
    if not peer and institution and "/" in institution:
        peer, institution = institution.split("/", 1)
    found = (
        PeerInstitution.objects.select_related("peer")
        .filter(peer__name=(peer or "").strip(), code=(institution or "").strip(), active=True, peer__active=True)
        .first()
    )
    if found is None:
        raise Invalid(
            _("Instansi %(code)s pada sistem mitra %(peer)s tidak dikenal.")
            % {"code": institution or "—", "peer": peer or "—"},
            code="unknown_institution",
        )
    return found


def forward(
    actor: Actor,
    report: Report | str,
    peer_institution: Any = None,
    message: str = "",
    *,
    peer: str | None = None,
    institution: str | None = None,
    at: datetime | None = None,
) -> Report:
    """Send the report to an institution on a peer instance (its `PeerInstitution`, or `peer` and
    `institution` code). Upward ("not our authority": to the province or the national service) and downward
    (to a regency that runs its own instance) alike."""
    from aduan.federation import wire
    from aduan.federation.models import PeerDelivery, PeerLink

    at = at or now()
    target = _target(peer_institution, peer, institution)

    def act(change: Change) -> None:
        r = change.report
        guard("forward", actor, r)
        if PeerLink.objects.filter(report=r, peer=target.peer).exists():
            raise Invalid(
                _("Laporan ini sudah pernah dipertukarkan dengan sistem %(peer)s.") % {"peer": target.peer.name},
                code="already_shared",
            )
        text = optional_text(message)
        end_assignments(r, at, "forwarded")
        r.institution, r.unit = None, None
        r.postponed_until = None
        r.escalate_at = None
        deadlines.stop(r)
        where = _("Diteruskan ke %(institution)s melalui sistem mitra %(peer)s.") % {
            "institution": target.name,
            "peer": target.peer.name,
        }
        event = change.append(
            actor,
            at,
            "forwarded",
            Status.DISPOSITIONED,
            EventAudience.PUBLIC,
            public_text=f"{where}\n\n{text}" if text else where,
            data={"peer": target.peer.name, "peer_institution": target.code, "peer_institution_name": target.name},
        )
        change.notifications.extend(_to_reporter(r, event, "forwarded", at))
        link = PeerLink.objects.create(
            report=r,
            peer=target.peer,
            role=PeerLink.Role.ORIGIN,
            peer_institution_code=target.code,
            out_seq=1,
            created_at=at,
        )
        PeerDelivery.objects.create(
            peer=target.peer,
            link=link,
            report=r,
            seq=1,
            kind=PeerDelivery.Kind.REPORT,
            event_seq=event.seq,
            payload=wire.forward_payload(r, target, text, at),
            next_attempt_at=at,
            created_at=at,
        )
        r.__dict__["_handled_elsewhere"] = True

    return run(report, act)


def peer_event(
    actor: Actor,
    report: Report | str,
    *,
    peer: str,
    kind: str,
    status: str,
    audience: str = EventAudience.PUBLIC,
    text: str = "",
    data: dict[str, Any] | None = None,
    attachments: list[tuple[str, IO[bytes] | bytes]] | None = None,
    at: datetime | None = None,
) -> Report:
    """Mirror one step of the handling side on a report we forwarded to `peer`."""
    at = at or now()
    data = data or {}
    checked = files.check_all(attachments or [])
    if actor.kind != ActorKind.PEER:
        raise NotAllowed(_("Hanya sistem mitra yang dapat mengirim pembaruan ini."))
    if status not in Status.values:
        raise Invalid(_("Status tidak dikenal: %(status)s") % {"status": status}, code="invalid_status")
    if audience not in (EventAudience.PUBLIC, EventAudience.REPORTER):
        raise Invalid(_("Pembaruan dari mitra harus untuk publik atau pelapor."), code="invalid_audience")

    def act(change: Change) -> None:
        r = change.report
        if not _forwarded_to(r, peer):
            raise NotAllowed(_("Laporan ini tidak ditangani oleh sistem %(peer)s.") % {"peer": peer})
        local_kind = kind if kind in MIRRORED_KINDS and states.allowed(kind, r.status, status) else "peer_event"
        _mirror(r, kind, status, data, at)
        mark = len(change.notifications)
        event = change.append(
            actor,
            at,
            local_kind,
            status,
            audience,
            public_text=optional_text(text),
            data={"peer": peer, "peer_kind": kind, "peer_seq": data.get("seq"), "by": str(data.get("by", ""))[:200]},
        )
        # Here only the reporter is told: the handling side's staff hear of it there.
        owed = [n for n in change.notifications[mark:] if n.audience == Notification.Audience.REPORTER]
        if local_kind == "peer_event" and kind in REPORTER_KINDS:
            owed = _to_reporter(r, event, kind, at)
        change.notifications[mark:] = owed
        change.files = checked

    return run(report, act)


def _forwarded_to(report: Report, peer: str) -> bool:
    from aduan.federation.models import PeerLink

    return PeerLink.objects.filter(report=report, peer__name=peer, role=PeerLink.Role.ORIGIN).exists()


def _mirror(r: Report, kind: str, status: str, data: dict[str, Any], at: datetime) -> None:
    """The report's head as the handling side's step leaves it. No clock runs here: the handler's do."""
    deadlines.stop(r)
    r.escalate_at = None
    r.postponed_until = None
    if kind == "verified":
        r.verified_at = r.verified_at or at
        r.dispositioned_at = at
        title, body = str(data.get("public_title") or ""), str(data.get("public_body") or "")
        if title.strip() and body.strip():
            r.public_title, r.public_body = title.strip()[:200], body.strip()
    if status == Status.RESPONDED and kind == "responded":
        r.first_response_at = r.first_response_at or at
        r.responded_at = at
    if kind == "escalated":
        r.escalated_at = r.escalated_at or at
    if status == Status.COMPLETED:
        how = str(data.get("closed_how") or "")
        r.closed_how = how if how in ClosedHow.values else ClosedHow.SILENCE
        r.closed_at = r.closed_at or at
    else:
        r.closed_how, r.closed_at = "", None
    if status == Status.ARCHIVED:
        reason = str(data.get("archive_reason") or "")
        r.archive_reason = reason if reason in ArchiveReason.values else ArchiveReason.OTHER
    else:
        r.archive_reason = ""


def _to_reporter(report: Report, event: ReportEvent, kind: str, at: datetime) -> list[Notification]:
    """What the reporter is owed for a step whose event kind the outbox doesn't know by itself."""
    return [
        Notification(
            report=report,
            event_seq=event.seq,
            kind=kind,
            audience=Notification.Audience.REPORTER,
            channel=channel,
            next_attempt_at=at,
            created_at=at,
        )
        for channel in reporter_channels(report)
    ]
