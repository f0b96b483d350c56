"""Who may take which action in which status: the checks every action makes before anything else, and
the list of actions a person may take now (what the back office and the API offer)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from aduan.reports.actors import Actor
from aduan.reports.errors import NotAllowed, WrongState
from aduan.reports.models import Report, Status
from aduan.reports.states import ALL, BEFORE_VERIFICATION, HANDLING

# After this many transfers the verifier's routing is final (DESIGN §3: no ping-pong).
FINAL_AFTER_TRANSFERS = 2


@dataclass(frozen=True)
class Guard:
    may: Callable[[Actor, Report], bool]
    refusal: object
    statuses: frozenset[str]
    offered_if: Callable[[Actor, Report], bool] | None = None  # further conditions, for offering only


def _verifier(actor: Actor, r: Report) -> bool:
    return actor.viewer.verifies(r)


def _handler(actor: Actor, r: Report) -> bool:
    return actor.viewer.handles(r)


def _admin(actor: Actor, r: Report) -> bool:
    return actor.viewer.administers(r)


def _staff(actor: Actor, r: Report) -> bool:
    return actor.viewer.handles(r) or actor.viewer.verifies(r)


def _reporter(actor: Actor, r: Report) -> bool:
    from aduan.reports.lifecycle.base import is_reporter

    return is_reporter(actor, r)


def _verifier_or_admin(actor: Actor, r: Report) -> bool:
    return actor.viewer.verifies(r) or actor.viewer.administers(r)


def _has_peers(actor: Actor, r: Report) -> bool:
    from aduan.reports.lifecycle.federation import has_peers

    return has_peers()


def _elsewhere(name: str, report: Report) -> bool:
    """A report forwarded to a peer instance is handled there: here only messages and the reporter's
    actions (relayed to the handler) remain (docs/federation.md)."""
    from aduan.reports.lifecycle.federation import WHILE_ELSEWHERE, handled_elsewhere

    return name not in WHILE_ELSEWHERE and handled_elsewhere(report)


def _may_decline(actor: Actor, r: Report) -> bool:
    return not actor.viewer.administers(r) or r.transfer_count < FINAL_AFTER_TRANSFERS


VERIFIER = _("Hanya verifikator yang dapat melakukan tindakan ini.")
HANDLER = _("Hanya instansi atau unit yang menangani laporan ini yang dapat melakukan tindakan ini.")
ADMIN = _("Hanya admin instansi penangan yang dapat meneruskan ke unit kerja.")
STAFF = _("Hanya petugas yang menangani laporan ini yang dapat melakukan tindakan ini.")
REPORTER = _("Hanya pelapor yang dapat melakukan tindakan ini.")
FORWARDER = _("Hanya verifikator atau admin instansi penangan yang dapat meneruskan ke sistem mitra.")
ELSEWHERE = _("Laporan ini sudah diteruskan dan ditangani di sistem mitra.")
OPEN_OR_CLOSED = ALL - {Status.ARCHIVED}

GUARDS: dict[str, Guard] = {
    "verify": Guard(_verifier, VERIFIER, BEFORE_VERIFICATION),
    "request_info": Guard(_verifier, VERIFIER, frozenset({Status.SUBMITTED, Status.POSTPONED})),
    "postpone": Guard(_verifier, VERIFIER, frozenset({Status.SUBMITTED, Status.NEEDS_INFO})),
    "archive": Guard(_verifier, VERIFIER, BEFORE_VERIFICATION),
    "merge": Guard(_verifier, VERIFIER, BEFORE_VERIFICATION),
    "reopen": Guard(_verifier, VERIFIER, frozenset({Status.COMPLETED, Status.ARCHIVED})),
    "accept": Guard(_handler, HANDLER, frozenset({Status.DISPOSITIONED})),
    "assign": Guard(_admin, ADMIN, HANDLING),
    "not_authority": Guard(_handler, HANDLER, HANDLING, offered_if=_may_decline),
    "respond": Guard(_handler, HANDLER, HANDLING),
    "comment": Guard(_staff, STAFF, OPEN_OR_CLOSED),
    "note": Guard(_staff, STAFF, ALL),
    "supply_info": Guard(_reporter, REPORTER, frozenset({Status.NEEDS_INFO})),
    "reply": Guard(_reporter, REPORTER, OPEN_OR_CLOSED),
    "dispute": Guard(_reporter, REPORTER, frozenset({Status.RESPONDED})),
    "confirm": Guard(_reporter, REPORTER, frozenset({Status.RESPONDED})),
    "rate": Guard(_reporter, REPORTER, frozenset({Status.COMPLETED}), offered_if=lambda a, r: r.rating is None),
    "forward": Guard(_verifier_or_admin, FORWARDER, BEFORE_VERIFICATION | HANDLING, offered_if=_has_peers),
}


def guard(name: str, actor: Actor, report: Report) -> None:
    """Raise unless `actor` may take action `name` on `report` in its present status."""
    rule = GUARDS[name]
    if not rule.may(actor, report):
        raise NotAllowed(rule.refusal)
    if report.status not in rule.statuses:
        raise WrongState(
            _("Tindakan ini tidak dapat dilakukan pada laporan berstatus “%(status)s”.")
            % {"status": Status(report.status).label}
        )
    if _elsewhere(name, report):
        raise WrongState(ELSEWHERE)


def available_actions(actor: Actor, report: Report) -> list[str]:
    """The actions this actor may take on this report now, in the order of GUARDS (no side effects).

    `report` should have institution, unit and intake_institution loaded (select_related)."""
    return [name for name, rule in GUARDS.items() if _offered(name, rule, actor, report)]


def _offered(name: str, rule: Guard, actor: Actor, report: Report) -> bool:
    if report.status not in rule.statuses or not rule.may(actor, report):
        return False
    if _elsewhere(name, report):
        return False
    return rule.offered_if is None or rule.offered_if(actor, report)
