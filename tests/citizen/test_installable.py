"""The installable app: the manifest and the service worker, with the content types browsers require."""

from __future__ import annotations

import io
import json
from typing import Any

from django.contrib.staticfiles import finders
from django.test import Client
from PIL import Image


def test_manifest(client: Client, world: Any) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert manifest["start_url"] == "/lapor/" and manifest["display"] == "standalone"
    assert manifest["name"] and manifest["short_name"] and manifest["theme_color"] == "#0b4f8a"
    assert {icon["purpose"] for icon in manifest["icons"]} == {"any", "maskable"}
    sizes = {icon["sizes"]: icon["src"] for icon in manifest["icons"]}
    assert set(sizes) == {"192x192", "512x512"}
    for size, src in sizes.items():
        path = finders.find(src.removeprefix("/static/"))
        assert path
        with open(path, "rb") as handle, Image.open(io.BytesIO(handle.read())) as image:
            assert image.format == "PNG" and f"{image.width}x{image.height}" == size


def test_service_worker(client: Client, world: Any) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    for cached in ('"/lapor/"', "/static/web/aduan.css", "/static/vendor/htmx-2.0.11.min.js"):
        assert cached in body
    assert "{{" not in body and "{%" not in body


def test_the_form_registers_the_worker_and_links_the_manifest(client: Client, world: Any) -> None:
    html = client.get("/lapor/").content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in html
    assert "/static/citizen/offline-queue.js" in html
    with open(finders.find("citizen/report-form.js")) as handle:
        script = handle.read()
    assert 'register("/sw.js"' in script and '"X-Requested-With": "fetch"' in script
