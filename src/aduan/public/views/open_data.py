"""`/data/`: what the open data will hold, under which licence, and what it never holds."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    return render(request, "public/open_data.html")
