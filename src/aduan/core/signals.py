"""Signal receivers of the core app (connected in ``CoreConfig.ready``)."""

from __future__ import annotations

import logging
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from aduan.core.calendar import invalidate_calendar
from aduan.core.models import CalendarOverride

logger = logging.getLogger(__name__)

DEADLINES_MODULE = "aduan.reports.deadlines"


def _recompute_open_deadlines() -> None:
    """Call ``aduan.reports.deadlines.recompute_open_deadlines()`` if that hook exists yet.

    Only a missing hook (module or function) is skipped; an ImportError raised by something the
    hook module itself imports is a real bug and propagates.
    """
    try:
        from aduan.reports.deadlines import recompute_open_deadlines
    except ImportError as exc:
        if exc.name != DEADLINES_MODULE:
            raise
        logger.debug("%s.recompute_open_deadlines not available; skipping", DEADLINES_MODULE)
        return
    recompute_open_deadlines()


@receiver(post_save, sender=CalendarOverride, dispatch_uid="aduan.core.calendar_override_saved")
def calendar_override_saved(sender: type[CalendarOverride], raw: bool = False, **kwargs: Any) -> None:
    invalidate_calendar()
    if not raw:  # loaddata: the data being loaded is already consistent
        _recompute_open_deadlines()


@receiver(post_delete, sender=CalendarOverride, dispatch_uid="aduan.core.calendar_override_deleted")
def calendar_override_deleted(sender: type[CalendarOverride], **kwargs: Any) -> None:
    invalidate_calendar()
    _recompute_open_deadlines()
