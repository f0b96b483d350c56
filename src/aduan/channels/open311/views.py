"""Open311 GeoReport v2 endpoints (DESIGN §7). Thin: parameters in, `intake`/`queries` do the work,
`mapping` shapes the data, `formats` writes JSON or XML."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from aduan.channels import keys
from aduan.channels.open311 import formats, intake, mapping, queries
from aduan.channels.open311.errors import Open311Error
from aduan.reports.models import Category

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponse]


def jurisdictions() -> set[str]:
    return {j.strip().lower() for j in settings.ADUAN_OPEN311_JURISDICTION.split(",") if j.strip()}


def _format(request: HttpRequest, fmt: str | None) -> str:
    chosen = (fmt or request.GET.get("format") or formats.XML).lower()
    if chosen not in formats.FORMATS:
        raise Open311Error(400, _("Format tidak didukung: %(fmt)s (gunakan json atau xml).") % {"fmt": chosen})
    return chosen


def endpoint(*methods: str) -> Callable[[View], View]:
    """No CSRF (clients are programs), the format from the path, the jurisdiction checked, and every refusal
    in the specification's error format. A POST is answered where it lands, never redirected."""

    def decorate(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, fmt: str | None = None, **kwargs: Any) -> HttpResponse:
            chosen = formats.XML  # what an error is written in when the format itself is wrong
            try:
                chosen = _format(request, fmt)
                allowed = {*methods, "HEAD"} if "GET" in methods else set(methods)
                if request.method not in allowed:
                    response = formats.errors(chosen, 405, _("Metode %(m)s tidak didukung.") % {"m": request.method})
                    response["Allow"] = ", ".join(sorted(allowed))
                    return response
                jurisdiction = intake.param(request, "jurisdiction_id").lower()
                if jurisdiction and jurisdiction not in jurisdictions():
                    raise Open311Error(404, _("jurisdiction_id tidak dikenal: %(j)s") % {"j": jurisdiction})
                return view(request, chosen, **kwargs)
            except Open311Error as exc:
                return formats.errors(chosen, exc.status, exc.description)
            except (RequestDataTooBig, TooManyFieldsSent, MultiPartParserError):
                return formats.errors(chosen, 400, _("Isi permintaan terlalu besar atau rusak."))

        return wrapper

    return decorate


@endpoint("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    url = settings.BASE_URL + "/open311/v2/"
    types = [formats.MIME_TYPES[formats.XML], formats.MIME_TYPES[formats.JSON]]
    data = {
        "changeset": mapping.CHANGESET,
        "contact": _("%(name)s — %(url)s") % {"name": settings.INSTANCE_NAME, "url": settings.BASE_URL},
        "key_service": _("Minta kunci API kepada operator %(name)s (dibuat dengan `aduan apikey create`).")
        % {"name": settings.INSTANCE_NAME},
        "endpoints": [
            {"specification": spec, "url": url, "changeset": mapping.CHANGESET, "type": "production", "formats": types}
            for spec in (mapping.SPECIFICATION, mapping.UPDATES_SPECIFICATION)
        ],
    }
    return formats.render(fmt, "discovery", data)


def _categories() -> list[Category]:
    return list(Category.objects.filter(active=True).order_by("position", "code"))


@endpoint("GET")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    return formats.render(fmt, "services", mapping.services(_categories()))


@endpoint("GET")
def service_definition(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    category = Category.objects.filter(code=code, active=True).first()
    if category is None:
        raise Open311Error(404, _("service_code tidak dikenal: %(code)s") % {"code": code})
    return formats.render(fmt, "service_definition", mapping.definition(category))


@endpoint("GET", "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    return formats.render(fmt, "service_requests", queries.find_requests(request.GET))


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    key = keys.check_key(intake.param(request, "api_key"))
    if key is None:
        raise Open311Error(403, _("api_key tidak valid atau tidak diisi."))
    created = intake.create(request, key)
    logger.info("open311 report %s filed with key %s", created.report.code, key.prefix)
    notice = _("Laporan diterima dengan kode %(code)s dan akan diverifikasi dalam 3 hari kerja.") % {
        "code": created.report.code
    }
    row = {
        "service_request_id": created.report.code,
        "token": created.token,
        "service_notice": notice,
        "account_id": None,
    }
    return formats.render(fmt, "service_requests", [row])


@endpoint("GET")
def request_by_id(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    row = queries.one_request(code)
    if row is None:
        raise Open311Error(404, _("Laporan tidak ditemukan atau tidak terbuka untuk publik."))
    return formats.render(fmt, "service_requests", [row])


@endpoint("GET")
def token(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    report = intake.report_for_token(token)
    if report is None:
        raise Open311Error(404, _("Token tidak dikenal."))
    return formats.render(fmt, "service_requests", [{"service_request_id": report.code, "token": token}])


@endpoint("GET")
def updates(request: HttpRequest, fmt: str) -> HttpResponse:
    return formats.render(fmt, "service_request_updates", queries.find_updates(request.GET))
