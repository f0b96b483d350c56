"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright's sync API runs an event loop in the test's thread, and the tests also read and write the
database through the ORM there; Django refuses ORM calls under a running loop unless told it is safe.
"""

from __future__ import annotations

import os

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from aduan.institutions.models import Region
from aduan.reports.models import Category

from .helpers import CHROMIUM, HERE, PHONE, TIMEOUT_MS, login

expect.set_options(timeout=TIMEOUT_MS)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Debian's Chromium against the live server")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    # No skipping: without the system browser these tests fail, loudly.
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (never a downloaded browser)")
    return {
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            # Hermetic: only the live server resolves, so no test depends on (or waits for) the internet,
            # map tiles included; the pages must work without them.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
        ],
    }


@pytest.fixture
def browser_context_args(live_server: Any) -> dict[str, Any]:
    # A phone in Indonesia asks for Indonesian; the pages must also be Indonesian without asking.
    return {"base_url": live_server.url, "locale": "id-ID", "timezone_id": "Asia/Jakarta"}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    ctx = new_context()
    ctx.set_default_timeout(TIMEOUT_MS)
    return ctx


@pytest.fixture
def phone_context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    """A phone-sized touch browser (390×844), as most reporters use."""
    ctx = new_context(**PHONE)
    ctx.set_default_timeout(TIMEOUT_MS)
    return ctx


@pytest.fixture
def phone(phone_context: BrowserContext) -> Page:
    return phone_context.new_page()


@pytest.fixture
def as_user(new_context: Callable[..., BrowserContext]) -> Callable[..., Page]:
    """`as_user("admin-kab")`: a page in a browser of its own (own cookies) signed in as that user;
    `as_user(None)` an anonymous visitor; `mobile=True` phone-sized; further browser.new_context() options
    (e.g. geolocation) as keywords."""

    def open_as(username: str | None, *, mobile: bool = False, **context_args: Any) -> Page:
        ctx = new_context(**(PHONE if mobile else {}), **context_args)
        ctx.set_default_timeout(TIMEOUT_MS)
        page = ctx.new_page()
        if username:
            login(page, username)
        return page

    return open_as


@pytest.fixture
def browser_world(world: Any) -> Any:
    """tests/conftest.py's `world` plus what the report form offers: a second province, more districts
    and villages, and a small category tree (jalan-rusak under infrastruktur)."""
    for code, name in [
        ("31", "DKI Jakarta"),
        ("31.71", "Kota Administrasi Jakarta Pusat"),
        ("33.26.02", "Paninggaran"),
        ("33.26.01.2002", "Kutorembet"),
        ("33.26.02.2001", "Lambanggelun"),
        ("33.75.01", "Pekalongan Barat"),
    ]:
        Region.objects.create(code=code, name=name, level=Region.level_of(code), parent_id=Region.parent_code(code))
    infrastructure = Category.objects.create(code="infrastruktur", name="Infrastruktur", name_en="Infrastructure")
    Category.objects.filter(pk=world.category.pk).update(parent=infrastructure)
    world.category.refresh_from_db()
    health = Category.objects.create(code="kesehatan", name="Kesehatan", name_en="Health")
    Category.objects.create(code="puskesmas", name="Pelayanan Puskesmas", parent=health)
    return world
