"""Installable and offline: the web app manifest and the service worker, both served from the site root
(a worker controls only the paths under its own URL)."""

from __future__ import annotations

import hashlib
import json
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import get_template, render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

THEME = "#0b4f8a"
BACKGROUND = "#f6f7f9"
ICONS = (("citizen/icons/icon-192.png", "192x192"), ("citizen/icons/icon-512.png", "512x512"))
# What the report form needs to open and queue a report with no connection (the page itself aside).
SHELL_STATIC = (
    "web/aduan.css",
    "vendor/htmx-2.0.11.min.js",
    "citizen/citizen.css",
    "citizen/report-form.js",
    "citizen/offline-queue.js",
    ICONS[0][0],
)
SHELL_TEMPLATES = ("base.html", "citizen/report_form.html", "citizen/sw.js")


@cache
def shell_version() -> str:
    """Changes whenever a file of the offline shell changes, so browsers replace their cached copy."""
    digest = hashlib.sha256()
    for path in SHELL_STATIC:
        found = finders.find(path)
        if found:
            with open(found, "rb") as handle:
                digest.update(handle.read())
    for name in SHELL_TEMPLATES:
        digest.update(get_template(name).template.source.encode())
    return digest.hexdigest()[:12]


@require_GET
@cache_control(public=True, max_age=86400)
def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "name": _("%(site)s — Lapor dan lacak pengaduan") % {"site": settings.INSTANCE_NAME},
        "short_name": settings.INSTANCE_NAME,
        "description": _(
            "Kirim pengaduan, aspirasi atau permintaan informasi kepada pemerintah dan lacak tindak lanjutnya."
        ),
        "lang": (request.LANGUAGE_CODE or settings.LANGUAGE_CODE),
        "start_url": "/lapor/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME,
        "background_color": BACKGROUND,
        # The icons keep their drawing inside the central 80%, so they also serve as maskable icons.
        "icons": [
            {"src": static(path), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for purpose in ("any", "maskable")
            for path, sizes in ICONS
        ],
    }
    body = json.dumps(data, ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type="application/manifest+json; charset=utf-8")


@require_GET
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    context = {
        "version": shell_version(),
        "shell": json.dumps(["/lapor/", *(static(path) for path in SHELL_STATIC)]),
        "regions_path": "/wilayah/",
    }
    body = render_to_string("citizen/sw.js", context)
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response
