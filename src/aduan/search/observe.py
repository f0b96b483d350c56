"""Keeps the search index current: called by `reports.observers` inside the transaction of every lifecycle
write and sweep batch, so the index never disagrees with the reports it was built from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from aduan.reports.observers import observe
from aduan.search import index

if TYPE_CHECKING:
    from aduan.reports.lifecycle.base import Change


@observe
def update_search_index(changes: Sequence[Change]) -> None:
    # A report that this very change created (every event of it is new) was never in the index and cannot
    # be public yet: intake, the hot path, costs no query here.
    reports = [
        change.report
        for change in changes
        if not (change.report.verified_at is None and change.report.event_count == len(change.events))
    ]
    if reports:
        index.sync(reports)
