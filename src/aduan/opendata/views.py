"""`/data/<dataset>.<format>`: the open data files, filtered like the public list (`?dari=2025-01-01&
sampai=2025-12-31&wilayah=33.26&instansi=…&kategori=…&klasifikasi=…&status=…`)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from aduan.opendata import export
from aduan.opendata.filters import BadFilter, parse
from aduan.opendata.schema import DATASETS


@require_safe
def download(request: HttpRequest, dataset: str, fmt: str) -> HttpResponseBase:
    chosen = DATASETS.get(dataset)
    if chosen is None or fmt not in export.FORMATS:
        return _bad(_("Berkas data ini tidak ada. Lihat daftar unduhan di /data/."), status=404)
    try:
        query = parse(request.GET)
    except BadFilter as problem:
        return _bad(problem.message)
    return export.response(chosen, fmt, query)


def _bad(message: str, status: int = 400) -> HttpResponse:
    answer = HttpResponse(message + "\n", status=status, content_type="text/plain; charset=utf-8")
    answer["Cache-Control"] = "no-store"
    return answer
