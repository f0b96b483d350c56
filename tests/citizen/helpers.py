"""Helpers for the citizen page tests: real files, a complete form, lifecycle shortcuts."""

from __future__ import annotations

import io
import uuid
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.models import Report

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def jpeg_bytes(size: tuple[int, int] = (64, 48), with_gps: bool = True) -> bytes:
    """A real JPEG; with an EXIF GPS block, as a phone camera writes it."""
    image = Image.new("RGB", size, (200, 120, 40))
    out = io.BytesIO()
    exif = Image.Exif()
    if with_gps:
        exif[0x010F] = "KameraPonsel"  # Make
        exif.get_ifd(0x8825)[2] = (6.0, 53.0, 10.0)  # GPSLatitude
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def jpeg(name: str = "foto.jpg", **kw: Any) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(**kw), content_type="image/jpeg")


def fake_jpeg() -> SimpleUploadedFile:
    """A PDF calling itself a photo."""
    return SimpleUploadedFile("foto.jpg", PDF, content_type="image/jpeg")


def report_form(**overrides: Any) -> dict[str, Any]:
    """Every field of `/lapor/` filled in (docs/web.md's names)."""
    data: dict[str, Any] = {
        "classification": "complaint",
        "title": "Jalan berlubang di Desa Bodas",
        "body": "Jalan utama desa berlubang dalam sejak bulan lalu dan membahayakan pengendara motor.",
        "category": "jalan-rusak",
        "incident_date": "2026-01-15",
        "province": "33",
        "regency": "33.26",
        "district": "33.26.01",
        "village": "33.26.01.2001",
        "latitude": "-7.123456",
        "longitude": "109.654321",
        "address": "Depan SD Negeri 1 Bodas",
        "institution": "pemkab-33-26",
        "anonymous": "on",
        "confidential": "",
        "name": "Budi Santoso",
        "phone": "0812-1111-2222",
        "email": "budi@example.id",
        "nik": "3326011234567890",
        "submission_id": str(uuid.uuid4()),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def verified(world: Any, report: Report | str) -> Report:
    return lifecycle.verify(Actor.for_user(world.verifier), report, institution=world.regency)


def responded(world: Any, report: Report | str) -> Report:
    verified(world, report)
    return lifecycle.respond(
        Actor.for_user(world.regency_admin), report, message="Jalan sudah ditambal oleh tim pemeliharaan."
    )


def text_of(response: Any) -> str:
    return response.content.decode()
