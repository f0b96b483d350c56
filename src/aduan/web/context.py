"""Template context every page needs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from aduan.reports.visibility import Viewer


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    staff = bool(user is not None and user.is_authenticated and Viewer(user).is_staff_member)
    return {"instance_name": settings.INSTANCE_NAME, "is_staff_member": staff}
