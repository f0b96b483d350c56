"""Fixtures for the open data: a small set of reports whose private parts must never reach a file (an
anonymous one full of its reporter's details, a named one, a confidential one, an unverified one, an
archived one), with known dates, and helpers that read each format back."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.cache import cache
from django.test import Client

from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.models import Category, Report
from tests.conftest import REPORTER
from tests.public.helpers import IDENTITY, SECRET_TITLE, UNVERIFIED_TITLE

JAKARTA = ZoneInfo("Asia/Jakarta")
ARCHIVED_TITLE = "Iklan obat kuat murah sekali"


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=JAKARTA)


@dataclass
class Published:
    anonymous: Report  # public, anonymous, the reporter's details all through its text; answered, confirmed
    named: Report  # public, not anonymous, in the other regency's Dinas PU, another category
    confidential: Report
    unverified: Report
    archived: Report

    @property
    def public_codes(self) -> set[str]:
        return {self.anonymous.code, self.named.code}


def details(identity: dict[str, str]) -> str:
    return (
        f"Saya {identity['name']}, NIK {identity['nik']}, telepon {identity['phone']}, "
        f"surel {identity['email']}. Jalan di depan rumah saya berlubang dalam dan sudah ada yang jatuh."
    )


@pytest.fixture(autouse=True)
def _open_settings(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    settings.ADUAN_API_RATE = "10000/min"
    cache.clear()


@pytest.fixture
def published(world: Any, file_report: Callable[..., lifecycle.Submission]) -> Published:
    verifier, admin = world.actor(world.verifier), world.actor(world.regency_admin)
    name = IDENTITY["name"]
    # Monday 3 February 2025 → verified Wednesday (2 working days) → answered Monday 10th (3 working days
    # after the disposition on Wednesday: Thu, Fri, Mon).
    sub = file_report(
        anonymous=True,
        title=f"Jalan berlubang di depan rumah {name}",
        body=details(IDENTITY),
        reporter=dict(IDENTITY),
        at=at("2025-02-03"),
    )
    anonymous = sub.report
    lifecycle.verify(verifier, anonymous, institution="pemkab-33-26", at=at("2025-02-05"))
    lifecycle.accept(admin, anonymous, at=at("2025-02-06"))
    lifecycle.respond(admin, anonymous, message=f"Bapak {name}, jalan sudah ditambal.", at=at("2025-02-10"))
    lifecycle.confirm(Actor.reporter_with_token(sub.access_token), anonymous, at=at("2025-02-11"))

    Category.objects.create(code="saluran", name="Saluran Air")
    named = file_report(
        title="Saluran air tersumbat di pasar",
        body=details(REPORTER),
        category="saluran",
        region="33.75",
        classification="aspiration",
        at=at("2025-06-02"),
    ).report
    lifecycle.verify(verifier, named, institution="pemkot-33-75", at=at("2025-06-03"))
    lifecycle.accept(world.actor(world.other_admin), named, at=at("2025-06-04"))
    lifecycle.assign(world.actor(world.other_admin), named, institution="pemkot-33-75-dinas-pu", at=at("2025-06-04"))

    confidential = file_report(
        confidential=True, title=SECRET_TITLE, body="Petugas meminta uang untuk perekaman KTP.", at=at("2025-02-04")
    ).report
    lifecycle.verify(verifier, confidential, institution="pemkab-33-26", at=at("2025-02-05"))

    unverified = file_report(title=UNVERIFIED_TITLE, body="Lampu jalan di RT 03 padam sejak bulan lalu.").report
    archived = file_report(title=ARCHIVED_TITLE, body="Hubungi kami untuk harga grosir obat kuat.").report
    lifecycle.archive(verifier, archived, reason="spam")
    return Published(
        anonymous=Report.objects.get(pk=anonymous.pk),
        named=Report.objects.get(pk=named.pk),
        confidential=Report.objects.get(pk=confidential.pk),
        unverified=unverified,
        archived=Report.objects.get(pk=archived.pk),
    )


def forbidden() -> list[str]:
    """Every piece of identity that must never reach a file, in the forms it could take."""
    return [*IDENTITY.values(), *REPORTER.values(), IDENTITY["phone"][1:], REPORTER["phone"][1:], "Rahmawati"]


def assert_private(content: str, published: Published) -> None:
    for value in forbidden():
        assert value not in content, f"{value!r} is in the open data"
    for secret in (SECRET_TITLE, UNVERIFIED_TITLE, ARCHIVED_TITLE):
        assert secret not in content
    for report in (published.confidential, published.unverified, published.archived):
        assert report.code not in content
        assert str(report.global_id) not in content


def body_of(response: Any) -> bytes:
    """The whole streamed body (the test client closes the response once its content is read)."""
    return b"".join(response.streaming_content)


def read_rows(fmt: str, data: bytes) -> list[dict[str, Any]]:
    """The rows of a file, each as {column: value}, parsed by the standard readers."""
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    if fmt == "json":
        document = json.loads(data)
        assert document["count"] == len(document["data"])
        return document["data"]
    if fmt == "jsonl":
        return [json.loads(line) for line in data.decode().splitlines() if line]
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    try:
        found: list[dict[str, Any]] = []
        for sheet in book.worksheets:
            if sheet.title == "keterangan":
                continue
            lines = sheet.iter_rows(values_only=True)
            header = next(lines)
            found.extend(dict(zip(header, line, strict=True)) for line in lines)
        return found
    finally:
        book.close()


def all_text(fmt: str, data: bytes) -> str:
    """Everything a file says, as text (an XLSX's every cell of every sheet)."""
    if fmt != "xlsx":
        return data.decode("utf-8")
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    try:
        return "\n".join(
            "\t".join("" if v is None else str(v) for v in line)
            for sheet in book.worksheets
            for line in sheet.iter_rows(values_only=True)
        )
    finally:
        book.close()


def download(client: Client, url: str) -> tuple[Any, bytes]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, getattr(response, "content", b"")[:300])
    return response, body_of(response)
