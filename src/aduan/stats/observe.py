"""The statistics follow every lifecycle write and sweep batch, inside its transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from aduan.core.calendar import get_calendar
from aduan.reports.observers import observe
from aduan.stats import store
from aduan.stats.facts import facts_of

if TYPE_CHECKING:
    from aduan.reports.lifecycle.base import Change


@observe
def update_statistics(changes: Sequence[Change]) -> None:
    calendar = get_calendar()
    new = {}
    existing = []
    for change in changes:
        report = change.report
        new[report.pk] = facts_of(report, calendar)
        # A report's first event is its submission: nothing to retract, no need to read.
        if not (change.events and change.events[0].seq == 1):
            existing.append(report.pk)
    store.apply(new, store.load_facts(existing))
