"""`aduan audit verify`: recompute every hash chain and check that each report is what its events say.

Streams events in (report, seq) order beside the reports, so it runs in flat memory over millions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby

from aduan.core import hashchain
from aduan.reports.events import expected_hash
from aduan.reports.models import Report, ReportEvent
from aduan.reports.projection import project

EVENT_FIELDS = [f.attname for f in ReportEvent._meta.concrete_fields]


@dataclass(frozen=True)
class Problem:
    code: str
    seq: int | None
    message: str

    def __str__(self) -> str:
        where = f" event {self.seq}" if self.seq is not None else ""
        return f"{self.code}{where}: {self.message}"


def verify(code: str | None = None, chunk: int = 5000) -> Iterator[Problem]:
    reports = Report.objects.order_by("pk")
    if code:
        reports = reports.filter(code=code)
    events = ReportEvent.objects.filter(report__in=reports.values("pk")) if code else ReportEvent.objects.all()
    stream = groupby(events.order_by("report_id", "seq").values_list(*EVENT_FIELDS).iterator(chunk), key=lambda r: r[1])
    pending = next(stream, None)
    head_fields = (
        "pk",
        "code",
        "global_id",
        "event_count",
        "last_hash",
        "status",
        "institution__code",
        "unit__code",
        "transfer_count",
    )
    for head in reports.values(*head_fields).iterator(chunk):
        while pending is not None and pending[0] < head["pk"]:
            yield Problem(f"report-id:{pending[0]}", None, "events exist for a report that does not")
            pending = next(stream, None)
        rows: list[tuple] = []
        if pending is not None and pending[0] == head["pk"]:
            rows = list(pending[1])
            pending = next(stream, None)
        yield from check_report(head, [ReportEvent(*row) for row in rows])


def check_report(head: dict, events: list[ReportEvent]) -> Iterator[Problem]:
    code = head["code"]
    prev = hashchain.GENESIS
    for position, event in enumerate(events, start=1):
        if event.seq != position:
            yield Problem(code, event.seq, f"sequence broken: expected event {position}")
            return
        if event.prev_hash != prev:
            yield Problem(code, event.seq, "previous-hash link broken")
        if expected_hash(str(head["global_id"]), event) != event.hash:
            yield Problem(code, event.seq, "content does not match its hash (altered)")
        prev = event.hash
    if len(events) != head["event_count"] or prev != head["last_hash"]:
        yield Problem(code, None, "history is shorter or longer than the report's head records (events removed?)")
    state = project(events)
    for problem in state.problems:
        yield Problem(code, problem[0], problem[1])
    expected = {
        "status": state.status,
        "institution__code": state.institution,
        "unit__code": state.unit,
        "transfer_count": state.transfer_count,
    }
    for name, value in expected.items():
        if head[name] != value:
            yield Problem(code, None, f"report {name.split('__')[0]} is {head[name]!r} but its events say {value!r}")
