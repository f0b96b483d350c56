"""What the browser tests share besides fixtures: signing in, axe-core, counting transferred bytes."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Locator, Page

from tests.conftest import PASSWORD

HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
# Fail fast: a working page answers in well under a second here; 30 s defaults make a broken suite crawl.
TIMEOUT_MS = 10_000
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "screen": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/156.0.0.0 Mobile Safari/537.36"
    ),
}
# A tracking code as DESIGN §2 describes it: 8 characters of Crockford base32, e.g. K7M4-Q2X9.
CODE_RE = re.compile(r"\b[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}\b")

__all__ = ["AXE", "CHROMIUM", "CODE_RE", "PASSWORD", "PHONE", "TIMEOUT_MS", "Transfer", "assert_accessible", "login"]


def login(page: Page, username: str, password: str = PASSWORD) -> None:
    """Sign in through /masuk/ as a person would."""
    page.goto("/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/masuk/" not in url)


def assert_accessible(page: Page, *, impacts: tuple[str, ...] = ("serious", "critical")) -> None:
    """Run axe-core (from npm, in tests/browser/node_modules) in the page; fail on serious or critical
    violations, listing each rule with the elements that break it."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci --prefix tests/browser --no-audit --no-fund` (make test does)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
        }"""
    )
    bad = [v for v in violations if v["impact"] in impacts]
    if bad:
        lines = [f"axe-core: {len(bad)} serious/critical violation(s) on {page.url}"]
        for v in bad:
            lines.append(f"- [{v['impact']}] {v['id']}: {v['help']}")
            lines.extend(f"    {n['target']}: {n['summary']}" for n in v["nodes"][:10])
        pytest.fail("\n".join(lines))


class Transfer:
    """Bytes moved over the network (response headers and encoded bodies) for a page — what it needs to
    show and work — or for a whole context, the service worker's own fetches (its install-time cache)
    included; answers from the service worker's cache are not counted."""

    def __init__(self, source: Page | BrowserContext) -> None:
        self.requests: list[Any] = []
        source.on("requestfinished", self._finished)

    def _finished(self, request: Any) -> None:
        self.requests.append(request)

    def by_url(self) -> list[tuple[str, int]]:
        rows = []
        for request in self.requests:
            response = request.response()
            if response is not None and response.from_service_worker:
                continue
            sizes = request.sizes()
            rows.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))
        return rows

    def total(self) -> int:
        return sum(size for _, size in self.by_url())

    def report(self) -> str:
        return json.dumps(sorted(self.by_url(), key=lambda row: -row[1]), indent=1)


# --- the report form (/lapor/, docs/web.md) ---

VILLAGE_PATH = ("33", "33.26", "33.26.01", "33.26.01.2001")  # Jawa Tengah › Kab. Pekalongan › Kandangserang › Bodas
REGION_FIELDS = ("province", "regency", "district", "village")


def make_jpeg(path: Path, *, size: tuple[int, int] = (800, 600), noisy: bool = False) -> Path:
    """A real JPEG photo as a phone camera sends it: with EXIF naming the camera and where it was taken
    (a village in Kabupaten Pekalongan), which no copy outside the handlers may keep (DESIGN §4).
    `noisy` makes it as heavy as a real photo of its size (noise does not compress)."""
    from PIL import ExifTags, Image, ImageDraw

    if noisy:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (120, 110, 100))
    draw = ImageDraw.Draw(image)
    draw.ellipse((size[0] // 4, size[1] // 3, size[0] // 2, size[1] // 2), fill=(40, 35, 30))  # the pothole
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Samsung"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update({1: "S", 2: (7.0, 4.0, 23.88), 3: "E", 4: (109.0, 35.0, 43.8)})
    image.save(path, "JPEG", quality=80, exif=exif)
    return path


def exif_of(data: bytes) -> dict[int, Any]:
    """The EXIF tags of an image, GPS ones included (empty when stripped)."""
    import io

    from PIL import ExifTags, Image

    exif = Image.open(io.BytesIO(data)).getexif()
    return {**dict(exif), **exif.get_ifd(ExifTags.IFD.GPSInfo)}


def choose_region(page: Page, codes: tuple[str, ...] = VILLAGE_PATH) -> None:
    """Pick province → regency/city → district → village in the cascading selects; each level's options
    arrive by htmx from /wilayah/?induk= after the level above is chosen."""
    for field, code in zip(REGION_FIELDS, codes, strict=False):
        select = page.locator(f"#report-form select[name={field}]")
        select.locator(f"option[value='{code}']").wait_for(state="attached")
        select.select_option(code)


def fill_report(
    page: Page,
    *,
    title: str,
    body: str,
    classification: str = "complaint",
    category: str | None = "jalan-rusak",
    region: tuple[str, ...] | None = VILLAGE_PATH,
    **fields: str,
) -> None:
    """Fill /lapor/ as a person would (clicks and typing); `fields` are further text inputs by name."""
    form = page.locator("#report-form")
    form.locator(f"input[name=classification][value={classification}]").check()
    form.locator("[name=title]").fill(title)
    form.locator("[name=body]").fill(body)
    if category:
        form.locator("select[name=category]").select_option(category)
    if region:
        choose_region(page, region)
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)


def attach(page: Page, *files: Path) -> None:
    page.locator("#report-form #id_attachments").set_input_files(list(files))


def submit_report(page: Page) -> None:
    page.locator("#submit-report").click()


# --- the back office (/kantor/) and the tracking page (/lacak/<code>/) ---


def fill_field(form: Locator, name: str, value: str) -> None:
    """Fill a form field by name, whatever its kind (text, textarea, select, radio)."""
    field = form.locator(f"[name={name}]")
    kind = field.first.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
    if kind.startswith("select"):
        field.select_option(value)
    elif kind in ("input:radio", "input:checkbox"):
        form.locator(f"[name={name}][value='{value}']").check()
    else:
        field.fill(value)


def act(page: Page, action: str, *, prefix: str = "action", **fields: str) -> None:
    """Take an action through its form and wait for the page after it: `#action-<name>` in the back office,
    `#aksi-<name>` on the reporter's tracking page (`prefix="aksi"`)."""
    form = page.locator(f"#{prefix}-{action}")
    for name, value in fields.items():
        fill_field(form, name, value)
    with page.expect_navigation():
        form.locator("[type=submit]").first.click()


def in_queue(page: Page, code: str) -> Locator:
    """The row of report `code` in the back-office queue on this page."""
    return page.locator(f"#queue tr[data-code='{code}']")


def status_of(code: str) -> str:
    from aduan.reports.models import Report

    return Report.objects.values_list("status", flat=True).get(code=code)
