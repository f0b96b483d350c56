"""What a person typed into an action form that the lifecycle refused, kept for one page view so they
need not type it again (files cannot be kept)."""

from __future__ import annotations

from django.http import HttpRequest

SESSION_KEY = "backoffice_draft"
KEPT_FIELDS = (
    "institution",
    "message",
    "reason",
    "proposal",
    "until",
    "into",
    "public_title",
    "public_body",
    "note",
)
MAX_FIELD = 20_000


def keep_draft(request: HttpRequest, code: str, action: str) -> None:
    values = {key: request.POST.get(key, "")[:MAX_FIELD] for key in KEPT_FIELDS if request.POST.get(key)}
    request.session[SESSION_KEY] = {"code": code, "action": action, "values": values}


def pop_draft(request: HttpRequest, code: str) -> dict:
    """{"action": name, "values": {...}} for this report, or {} — removed from the session either way."""
    draft = request.session.pop(SESSION_KEY, None)
    if not draft or draft.get("code") != code:
        return {}
    return {"action": draft.get("action", ""), "values": draft.get("values", {})}
