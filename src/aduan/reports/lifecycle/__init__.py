"""`reports.lifecycle` — the one place that changes a report (DESIGN §3, §8).

Every action checks permission and state, appends its hash-chained event, updates status, assignments and
deadlines, and writes what it owes to the outbox, in one transaction. A refusal raises `LifecycleError`
with a stable code and a translated message, and changes nothing.
"""

from aduan.reports.errors import Invalid, LifecycleError, NotAllowed, WrongState
from aduan.reports.lifecycle.dispatch import ACTIONS, perform
from aduan.reports.lifecycle.federation import forward, peer_event
from aduan.reports.lifecycle.guards import available_actions
from aduan.reports.lifecycle.handling import accept, assign, comment, not_authority, note, respond
from aduan.reports.lifecycle.intake import ReporterInput, Submission, submit
from aduan.reports.lifecycle.oversight import reveal_identity
from aduan.reports.lifecycle.reporter import claim, confirm, dispute, rate, reply, support
from aduan.reports.lifecycle.timed import close_by_silence, end_postponement, escalate
from aduan.reports.lifecycle.verification import (
    archive,
    merge,
    postpone,
    reopen,
    request_info,
    supply_info,
    verify,
)

__all__ = [
    "ACTIONS",
    "Invalid",
    "LifecycleError",
    "NotAllowed",
    "ReporterInput",
    "Submission",
    "WrongState",
    "accept",
    "archive",
    "assign",
    "available_actions",
    "claim",
    "close_by_silence",
    "comment",
    "confirm",
    "dispute",
    "end_postponement",
    "escalate",
    "forward",
    "merge",
    "not_authority",
    "note",
    "peer_event",
    "perform",
    "postpone",
    "rate",
    "reopen",
    "reply",
    "request_info",
    "respond",
    "reveal_identity",
    "submit",
    "supply_info",
    "support",
    "verify",
]
