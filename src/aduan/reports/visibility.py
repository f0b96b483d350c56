"""The one place that decides who sees what (DESIGN §8). Everything is a queryset filter or a predicate.

Roles (DESIGN §1), each held in an institution and reaching its whole subtree for reading:
- verifier at the operator: every report; at another institution: the reports that came in through
  that institution's channels (`intake_institution` in its subtree);
- institution admin / unit liaison: reports assigned (now or before) anywhere in the subtree, and an
  admin also the channel queue of the institution;
- oversight: everything, confidential included; identity only through a logged reveal;
- a reporter: their own reports (by account, access link or channel sender id);
- the public: verified, non-confidential reports that were not archived.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from aduan.core import crypto
from aduan.core.phones import normalize_phone
from aduan.core.redaction import redact
from aduan.institutions.models import Institution, Membership
from aduan.reports.models import PUBLIC, ActorKind, Assignment, Attachment, EventAudience, Report, ReportEvent, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

Role = Membership.Role


@dataclass(frozen=True)
class Scope:
    institution_id: int
    path: str
    kind: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Viewer:
    """A person's roles, loaded once, with the predicates and filters that follow from them."""

    def __init__(self, user: AbstractBaseUser | None) -> None:
        self.user = user if user is not None and user.is_authenticated else None

    @cached_property
    def scopes(self) -> dict[str, list[Scope]]:
        result: dict[str, list[Scope]] = {role: [] for role in Role.values}
        if self.user is None:
            return result
        rows = Membership.objects.filter(user=self.user, institution__active=True).values_list(
            "role", "institution_id", "institution__path", "institution__kind"
        )
        for role, inst_id, path, kind in rows:
            result[role].append(Scope(inst_id, path, kind))
        return result

    @property
    def is_staff_member(self) -> bool:
        return any(self.scopes.values())

    @property
    def is_oversight(self) -> bool:
        return bool(self.scopes[Role.OVERSIGHT])

    @property
    def is_national_verifier(self) -> bool:
        return any(s.kind == Institution.Kind.OPERATOR for s in self.scopes[Role.VERIFIER])

    def _intake_scopes(self) -> list[Scope]:
        return self.scopes[Role.VERIFIER] + self.scopes[Role.INSTITUTION_ADMIN]

    # --- predicates on one report (its institution, unit, intake institution select_related) ---

    def verifies(self, report: Report) -> bool:
        if self.is_national_verifier:
            return True
        intake = report.intake_institution
        return intake is not None and any(intake.path.startswith(s.path) for s in self._intake_scopes())

    def administers(self, report: Report) -> bool:
        """Acts for the institution that holds the report (itself or the owner of the unit it was sent to)."""
        inst = report.institution
        return inst is not None and any(s.institution_id == inst.owner_id for s in self.scopes[Role.INSTITUTION_ADMIN])

    def liaises(self, report: Report) -> bool:
        """Acts for the unit that holds the report."""
        held = report.unit or report.institution
        return (
            held is not None
            and held.kind == Institution.Kind.UNIT
            and any(held.path.startswith(s.path) for s in self.scopes[Role.UNIT_LIAISON])
        )

    def handles(self, report: Report) -> bool:
        return self.administers(report) or self.liaises(report)

    def is_reporter(self, report: Report) -> bool:
        return self.user is not None and report.reporter_user_id == self.user.pk

    def can_see(self, report: Report) -> bool:
        return reports_for(self).filter(pk=report.pk).exists()

    def reads_as_staff(self, report: Report) -> bool:
        return staff_reports(self).filter(pk=report.pk).exists()

    def screens(self, report: Report) -> bool:
        """Holds the verifier role over this report: the one staff role that sees an anonymous reporter.

        An institution admin who verifies its own channel's queue does not: it also handles the report,
        and anonymity hides the reporter from the institutions handling it (DESIGN §2)."""
        if self.is_national_verifier:
            return True
        intake = report.intake_institution
        return intake is not None and any(intake.path.startswith(s.path) for s in self.scopes[Role.VERIFIER])

    def sees_identity(self, report: Report) -> bool:
        """Whether this viewer reads the reporter's name: the reporter and the verifier always; handlers
        and oversight only when the report is not anonymous (contacts and NIK: see `reporter_identity`)."""
        if self.is_reporter(report) or self.screens(report):
            return True
        return not report.anonymous and (self.handles(report) or self.is_oversight or self.reads_as_staff(report))


def is_public(report: Report) -> bool:
    return report.verified_at is not None and not report.confidential and report.status != Status.ARCHIVED


def public_reports() -> QuerySet[Report]:
    return Report.objects.filter(PUBLIC)


def under(field: str, scopes: list[Scope]) -> Q:
    """Rows whose institution (`field`, or the institution itself when empty) is in one of the scopes' subtrees."""
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    query = Q(pk__in=[])
    for scope in scopes:
        query |= Q(**{lookup: scope.path})
    return query


def as_viewer(viewer: Viewer | AbstractBaseUser | None) -> Viewer:
    return viewer if isinstance(viewer, Viewer) else Viewer(viewer)


def staff_reports(viewer: Viewer | AbstractBaseUser | None) -> QuerySet[Report]:
    """Reports this person may read because of a staff role (not because they reported them)."""
    viewer = as_viewer(viewer)
    if viewer.user is None or not viewer.is_staff_member:
        return Report.objects.none()
    if viewer.is_oversight or viewer.is_national_verifier:
        return Report.objects.all()
    return Report.objects.filter(_staff_filter(viewer))


def _staff_filter(viewer: Viewer) -> Q:
    """Reports taken in under the viewer's intake scopes, or ever assigned within their handling scopes.

    Built as `id IN (ids of one scope UNION ids of the other)`: the database reads only the scope's reports
    (through the intake and assignment indexes) instead of testing every report of the country."""
    parts: list[QuerySet] = []
    intake = viewer._intake_scopes()
    if intake:
        parts.append(Report.objects.filter(intake_institution__in=_subtree(intake)).order_by().values("pk"))
    handling = viewer.scopes[Role.INSTITUTION_ADMIN] + viewer.scopes[Role.UNIT_LIAISON]
    if handling:
        parts.append(Assignment.objects.filter(institution__in=_subtree(handling)).order_by().values("report_id"))
    if not parts:
        return Q(pk__in=[])
    return Q(pk__in=parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0])


def _subtree(scopes: list[Scope]) -> QuerySet:
    from aduan.institutions.models import Institution

    return Institution.objects.filter(under("", scopes)).values("pk")


def reports_for(viewer: Viewer | AbstractBaseUser | None) -> QuerySet[Report]:
    """Every report this person may read: by a staff role, or as its reporter with an account."""
    viewer = as_viewer(viewer)
    if viewer.user is None:
        return Report.objects.none()
    if viewer.is_oversight or viewer.is_national_verifier:
        return Report.objects.all()
    return Report.objects.filter(Q(reporter_user=viewer.user) | _staff_filter(viewer))


def reports_for_token(code: str, token: str) -> QuerySet[Report]:
    """The one report a secret access link opens."""
    return Report.objects.filter(code=code, access_token_hash=hash_token(token)) if token else Report.objects.none()


def events_for(viewer: Viewer, report: Report) -> QuerySet[ReportEvent]:
    """The history this person may read: all of it for staff, no internal notes for the reporter."""
    if staff_reports(viewer).filter(pk=report.pk).exists():
        return report.events.order_by("seq")
    if viewer.is_reporter(report):
        return reporter_events(report)
    return public_events(report) if is_public(report) else ReportEvent.objects.none()


def reporter_events(report: Report) -> QuerySet[ReportEvent]:
    """What a reporter sees of the history: everything but the handlers' internal notes."""
    return report.events.order_by("seq").exclude(audience=EventAudience.INTERNAL)


def public_events(report: Report) -> QuerySet[ReportEvent]:
    return report.events.order_by("seq").filter(audience=EventAudience.PUBLIC)


def pseudonym(report: Report) -> str:
    return _("Pelapor %(tag)s") % {"tag": crypto.pseudonym(str(report.global_id))}


def reporter_label(viewer: Viewer, report: Report) -> str:
    """How the reporter is named to this viewer: their name, or a pseudonym."""
    if report.reporter is None or not viewer.sees_identity(report):
        return pseudonym(report)
    return report.reporter.reveal().get("name", "") or pseudonym(report)


def reporter_identity(viewer: Viewer, report: Report) -> dict[str, str] | None:
    """The full identity (contacts, NIK) — for the verifier and the reporter only; None otherwise.

    Oversight reads it through `lifecycle.reveal_identity`, which logs the reveal.
    """
    if report.reporter is None or not (viewer.screens(report) or viewer.is_reporter(report)):
        return None
    return report.reporter.reveal()


def reporter_address(report: Report, channel: str) -> str:
    """Where the system itself writes back to the reporter on a channel; read only by the delivery worker,
    which hands it to the gateway and never shows or stores it elsewhere."""
    if report.reporter is None:
        return ""
    identity = report.reporter.reveal()
    if channel == "email":
        return identity.get("email", "") or (identity.get("sender", "") if report.reporter.channel == "email" else "")
    address = identity.get("sender", "") if report.reporter.channel == channel else ""
    if channel in {"sms", "whatsapp"}:
        # Gateways want one form of a number (E.164), whatever form it arrived in.
        return normalize_phone(address or identity.get("phone", "")) or address
    return address


@dataclass(frozen=True)
class MessageState:
    """One owed message of an event, as its timeline shows it: to whom (in kind), by which channel, its state."""

    audience: str
    channel: str
    state: str
    label: str
    to: str


def message_states(viewer: Viewer, report: Report, *, as_reporter: bool = False) -> dict[int, list[MessageState]]:
    """The messages each event owed, by event seq: staff who read the report see all of them; the reporter
    sees those sent to them. Never an address, only channel and state. One query."""
    from aduan.notify.models import Notification

    rows = Notification.objects.filter(report=report).order_by("pk")
    if as_reporter or not viewer.reads_as_staff(report):
        if not as_reporter:
            return {}
        rows = rows.filter(audience=Notification.Audience.REPORTER)
    labels, audiences = dict(Notification.State.choices), dict(Notification.Audience.choices)
    found: dict[int, list[MessageState]] = {}
    for seq, audience, channel, state in rows.values_list("event_seq", "audience", "channel", "state"):
        message = MessageState(audience, channel, state, str(labels.get(state, state)), str(audiences.get(audience)))
        found.setdefault(seq, []).append(message)
    return found


def public_text(report: Report) -> tuple[str, str]:
    """Title and body as the public may read them: the approved text, redacted once more."""
    known = _known_names(report)
    title = report.public_title or report.title
    body = report.public_body or report.body
    return redact(title, known), redact(body, known)


def handler_text(viewer: Viewer, report: Report) -> tuple[str, str]:
    """Title and body for a handler: the original, except an anonymous reporter's own details."""
    if report.anonymous and not (viewer.screens(report) or viewer.is_reporter(report)):
        known = _known_names(report)
        return redact(report.title, known), redact(report.body, known)
    return report.title, report.body


def _known_names(report: Report) -> list[str]:
    if report.reporter is None:
        return []
    identity = report.reporter.reveal()
    return [identity.get(key, "") for key in ("name", "email", "phone", "nik") if identity.get(key)]


@dataclass(frozen=True)
class EventView:
    """One line of a report's history as this viewer may read it."""

    seq: int
    kind: str
    created_at: datetime
    status_after: str
    audience: str
    actor: str
    text: str
    note: str
    data: dict


def event_views(viewer: Viewer, report: Report) -> list[EventView]:
    """The history for this viewer, every text already screened: the public reads only staff-written,
    redacted text; handlers of an anonymous report read the reporter's messages without the reporter's
    own details and see a pseudonym where the reporter acted; internal notes reach staff only."""
    staff = viewer.reads_as_staff(report)
    private = viewer.is_reporter(report) or viewer.screens(report)
    public = not staff and not viewer.is_reporter(report)
    known = [] if private else _known_names(report)
    return [
        _event_view(viewer, report, event, staff=staff, public=public, known=known)
        for event in events_for(viewer, report).select_related("actor_user", "actor_institution")
    ]


def _event_view(
    viewer: Viewer, report: Report, event: ReportEvent, *, staff: bool, public: bool, known: list[str]
) -> EventView:
    by_reporter = event.actor_kind == ActorKind.REPORTER
    text = event.public_text
    if public and by_reporter:
        text = ""
    elif public or (report.anonymous and known):
        text = redact(text, known)
    return EventView(
        seq=event.seq,
        kind=event.kind,
        created_at=event.created_at,
        status_after=event.status_after,
        audience=event.audience,
        actor=_actor_label(viewer, report, event, staff=staff),
        text=text,
        note=event.internal_note if staff else "",
        data=event.data if staff else {},
    )


def _actor_label(viewer: Viewer, report: Report, event: ReportEvent, *, staff: bool) -> str:
    if event.actor_kind == ActorKind.REPORTER:
        return reporter_label(viewer, report)
    if event.actor_kind == ActorKind.SYSTEM:
        return _("Sistem")
    if event.actor_kind == ActorKind.PUBLIC:
        return _("Warga pendukung")
    if event.actor_kind in (ActorKind.CHANNEL, ActorKind.PEER):
        return event.actor_label
    if staff and event.actor_user is not None:
        return event.actor_user.get_full_name() or event.actor_user.get_username()
    if event.actor_institution is not None:
        return event.actor_institution.name
    return _("Petugas")


def public_attachments(report: Report) -> QuerySet[Attachment]:
    """Attachments the public may see on a public report: those that came with a public event (the
    report itself, an institution's response) and were not withheld. What the reporter sent with a
    reply stays with the reporter and the handlers, like the reply's text."""
    public_seqs = ReportEvent.objects.filter(report=report, audience=EventAudience.PUBLIC).values("seq")
    return (
        Attachment.objects.filter(report=report, is_public=True)
        .filter(Q(event_seq__isnull=True) | Q(event_seq__in=public_seqs))
        .order_by("event_seq", "pk")
    )


def attachment_is_public(attachment: Attachment) -> bool:
    report = attachment.report
    if not (is_public(report) and attachment.is_public):
        return False
    return (
        attachment.event_seq is None
        or ReportEvent.objects.filter(report=report, seq=attachment.event_seq, audience=EventAudience.PUBLIC).exists()
    )


def reads_original_attachment(viewer: Viewer, attachment: Attachment, token: str = "") -> bool:
    """Handlers, oversight, the verifier and the reporter (signed in, or holding the secret link) get the
    file as it was sent; everyone else at most `Attachment.shared_file`, the copy without EXIF."""
    report = attachment.report
    if token and report.access_token_hash and hmac.compare_digest(hash_token(token), report.access_token_hash):
        return True
    if viewer.user is None:
        return False
    return viewer.is_reporter(report) or viewer.reads_as_staff(report)
