"""Which event may move a report from which status to which (DESIGN §3). Pure data, no database."""

from __future__ import annotations

from aduan.reports.models import Status

S = Status
OPEN = frozenset({S.SUBMITTED, S.NEEDS_INFO, S.POSTPONED, S.DISPOSITIONED, S.IN_PROGRESS, S.RESPONDED})
ALL = OPEN | {S.COMPLETED, S.ARCHIVED}
BEFORE_VERIFICATION = frozenset({S.SUBMITTED, S.NEEDS_INFO, S.POSTPONED})
HANDLING = frozenset({S.DISPOSITIONED, S.IN_PROGRESS})


def _same(statuses: frozenset[str] | set[str]) -> set[tuple[str, str]]:
    return {(s, s) for s in statuses}


def _to(statuses: frozenset[str] | set[str], target: str) -> set[tuple[str, str]]:
    return {(s, target) for s in statuses}


# event kind -> allowed (status_before, status_after) pairs
TRANSITIONS: dict[str, set[tuple[str, str]]] = {
    "submitted": {("", S.SUBMITTED)},
    "verified": _to(BEFORE_VERIFICATION, S.DISPOSITIONED),
    "info_requested": _to({S.SUBMITTED, S.POSTPONED}, S.NEEDS_INFO),
    "info_supplied": {(S.NEEDS_INFO, S.SUBMITTED)},
    "postponed": _to({S.SUBMITTED, S.NEEDS_INFO}, S.POSTPONED),
    "postpone_ended": {(S.POSTPONED, S.SUBMITTED)},
    "archived": _to(BEFORE_VERIFICATION, S.ARCHIVED),
    "merged": _to(BEFORE_VERIFICATION, S.ARCHIVED),
    "duplicate_merged": _same(ALL - {S.ARCHIVED}),
    "duplicate_unmerged": _same(ALL),
    "accepted": {(S.DISPOSITIONED, S.IN_PROGRESS)},
    "assigned": _to(HANDLING, S.IN_PROGRESS),
    "not_authority": _to(HANDLING, S.SUBMITTED),
    "unit_declined": _to(HANDLING, S.IN_PROGRESS),
    "responded": _to(HANDLING, S.RESPONDED),
    "reporter_replied": _same(ALL - {S.ARCHIVED}),
    "disputed": {(S.RESPONDED, S.IN_PROGRESS)},
    "confirmed": {(S.RESPONDED, S.COMPLETED)},
    "closed_by_silence": {(S.RESPONDED, S.COMPLETED)},
    "rated": {(S.COMPLETED, S.COMPLETED)},
    "reopened": {(S.COMPLETED, S.IN_PROGRESS), (S.ARCHIVED, S.SUBMITTED)},
    "escalated": _same(OPEN),
    "overdue": _same(OPEN),
    "staff_message": _same(ALL - {S.ARCHIVED}),
    "note": _same(ALL),
    "supported": _same(OPEN),
    "claimed": _same(ALL),
    "identity_revealed": _same(ALL),
    # Federation (lifecycle/federation.py): a report sent to an institution on a peer instance, and the
    # handling side's step mirrored here when no kind above fits the move (the handling side owns the status).
    "forwarded": _to(BEFORE_VERIFICATION | HANDLING, S.DISPOSITIONED),
    "peer_event": {(a, b) for a in ALL for b in ALL},
}


def allowed(kind: str, before: str, after: str) -> bool:
    return (before, after) in TRANSITIONS.get(kind, set())
