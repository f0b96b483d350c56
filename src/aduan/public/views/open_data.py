"""`/data/`: the open data files (served by `aduan.opendata`), their schema, their licence, and what they
never hold."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from aduan.opendata.export import FORMATS
from aduan.opendata.schema import DATASETS


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    return render(request, "public/open_data.html", {"datasets": DATASETS.values(), "formats": list(FORMATS)})
