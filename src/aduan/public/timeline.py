"""A report's public history, line by line, from `visibility.event_views` (never from raw events)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aduan.public.labels import event_label
from aduan.reports.models import Report
from aduan.reports.visibility import EventView, Viewer, event_views

SUPPORTED = "supported"
RESPONDED = "responded"


@dataclass(frozen=True)
class Line:
    kind: str
    label: str
    created_at: datetime
    actor: str
    text: str
    count: int = 1  # consecutive supports are one line: “Didukung warga (12)”


def public_timeline(report: Report) -> list[Line]:
    """The history the public may read, with a run of supports folded into one line."""
    lines: list[Line] = []
    for view in event_views(Viewer(None), report):
        if view.kind == SUPPORTED:
            # Supporters are not the reporter: never name them, not even by the reporter's pseudonym.
            if lines and lines[-1].kind == SUPPORTED:
                last = lines[-1]
                lines[-1] = Line(last.kind, last.label, view.created_at, "", "", last.count + 1)
            else:
                lines.append(Line(view.kind, event_label(view.kind), view.created_at, "", ""))
            continue
        lines.append(_line(view))
    return lines


def _line(view: EventView) -> Line:
    return Line(view.kind, event_label(view.kind), view.created_at, view.actor, view.text)


def latest_response(lines: list[Line]) -> Line | None:
    """The institution's latest answer (the one the reporter is asked to confirm or dispute)."""
    return next((line for line in reversed(lines) if line.kind == RESPONDED and line.text), None)
