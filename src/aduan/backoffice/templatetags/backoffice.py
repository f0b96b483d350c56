"""Template helpers of the back office."""

from __future__ import annotations

from typing import Any

from django import template

from aduan.backoffice.access import viewer_of
from aduan.institutions.models import Membership

register = template.Library()


@register.simple_tag(takes_context=True)
def office_roles(context: dict[str, Any]) -> dict[str, bool]:
    """Which parts of the back office menu apply to the signed-in person."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {}
    scopes = viewer_of(request).scopes
    return {
        "admin": bool(scopes[Membership.Role.INSTITUTION_ADMIN]),
        "oversight": bool(scopes[Membership.Role.OVERSIGHT]),
    }


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "") if isinstance(mapping, dict) else ""
