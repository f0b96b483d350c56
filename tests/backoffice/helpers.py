"""Helpers for the back-office tests."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.messages import get_messages

from aduan.backoffice.actionforms import FORMS
from aduan.reports import lifecycle
from aduan.reports.models import Report

FORM_ID = re.compile(r'<form id="action-([a-z_]+)"')
QUEUE_ROW = re.compile(r'<tr class="queue-row" data-code="([0-9A-Z-]+)"')


def html(response: Any) -> str:
    return response.content.decode()


def action_forms(response: Any) -> list[str]:
    """The action names of the forms a report page offers, in page order."""
    return FORM_ID.findall(html(response))


def queue_codes(response: Any) -> list[str]:
    return QUEUE_ROW.findall(html(response))


def offered(world: Any, user: Any, report: Report) -> list[str]:
    """What the lifecycle offers this person now, limited to the actions the back office has forms for."""
    loaded = Report.objects.select_related("institution", "unit", "intake_institution", "reporter").get(pk=report.pk)
    return [name for name in lifecycle.available_actions(world.actor(user), loaded) if name in FORMS]


def flashed(response: Any) -> list[tuple[str, str]]:
    """The messages this request added for the next page, as (level tag, text)."""
    storage = get_messages(response.wsgi_request)
    return [(m.tags, str(m)) for m in storage._queued_messages]


def reload(report: Report) -> Report:
    return Report.objects.select_related("institution", "unit").get(pk=report.pk)
