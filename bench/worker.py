"""Entry points of the processes that build reports for `population.generate`.

Kept apart from population.py because a spawned process unpickles these functions before Django is set
up, and population.py imports models at import time."""

from __future__ import annotations

import pickle
from datetime import datetime
from typing import Any


def init(context: bytes, now: datetime) -> None:
    import django
    from benchlib import die_with_parent

    die_with_parent()

    django.setup()
    import population

    population.init_worker(pickle.loads(context), now)


def build(job: tuple[int, int, list[str], str]) -> Any:
    import population

    return population.build_chunk(job)
