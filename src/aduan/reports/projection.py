"""A report's state as its events say it is: the fold the lifecycle's writes must agree with."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from aduan.reports import states
from aduan.reports.models import ReportEvent


@dataclass
class State:
    status: str = ""
    institution: str | None = None
    unit: str | None = None
    transfer_count: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)


def project(events: Iterable[ReportEvent]) -> State:
    state = State()
    for event in events:
        if event.status_before != state.status:
            state.problems.append((event.seq, f"starts from {event.status_before!r}, not {state.status!r}"))
        if not states.allowed(event.kind, event.status_before, event.status_after):
            move = f"{event.status_before!r} → {event.status_after!r}"
            state.problems.append((event.seq, f"{event.kind} cannot go {move}"))
        state.status = event.status_after
        _holders(state, event)
    return state


def _holders(state: State, event: ReportEvent) -> None:
    data = event.data or {}
    if event.kind == "verified":
        state.institution, state.unit = data.get("institution"), None
        state.transfer_count = data.get("transfer", state.transfer_count)
    elif event.kind == "assigned":
        state.unit = data.get("unit")
    elif event.kind in ("not_authority", "forwarded"):
        state.institution, state.unit = None, None
    elif event.kind == "unit_declined":
        state.institution, state.unit = data.get("institution", state.institution), None
