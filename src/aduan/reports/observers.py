"""Derived views kept up to date with every change (search index, statistics): they observe writes.

`reports.lifecycle` stays the one place that changes a report; after it writes a batch of changes (one
action, or a sweep batch) and before the transaction commits, it calls `changed(changes)`, and each
registered observer updates its own tables in the same transaction — so a derived view never disagrees
with the reports it was built from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aduan.reports.lifecycle.base import Change

Observer = Callable[[Sequence["Change"]], None]
OBSERVERS: list[Observer] = []

# Modules that register observers when imported (loaded once, lazily).
OBSERVER_MODULES: tuple[str, ...] = ("aduan.search.observe", "aduan.stats.observe", "aduan.federation.observe")


def observe(function: Observer) -> Observer:
    OBSERVERS.append(function)
    return function


@cache
def _load() -> None:
    for name in OBSERVER_MODULES:
        try:
            import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name not in (name, name.rsplit(".", 1)[0]):
                raise


def changed(changes: Sequence[Change]) -> None:
    """Each change carries the report as written and the events just appended to it."""
    _load()
    for observer in OBSERVERS:
        observer(changes)
