"""Who may open the oversight console: staff with an oversight role, second factor given (the back office's rules)."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from aduan.backoffice.access import View, staff_required, viewer_of


def oversight_required(view: View) -> View:
    """Signed in (else to /masuk/), staff (else 403), TOTP verified where owed, and an oversight role (else 403)."""

    @staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not viewer_of(request).is_oversight:
            return render(request, "backoffice/forbidden.html", {"why": "oversight"}, status=403)
        return view(request, *args, **kwargs)

    return wrapper
