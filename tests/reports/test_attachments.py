"""Attachments (DESIGN §2, §4): the type is read from the content, the size is limited, and the copy of a photo
that leaves the handlers has no EXIF (no GPS position of the reporter's house)."""

from __future__ import annotations

import hashlib
import io
import random
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from aduan.reports import lifecycle
from aduan.reports.models import Attachment, Report, ReporterIdentity, ReportEvent

from .helpers import T0, Steps, last_event, refused, wib

GPS_IFD = 0x8825
ORIENTATION = 0x0112
GPS = {1: "S", 2: (6.0, 53.0, 10.0), 3: "E", 4: (109.0, 40.0, 5.0)}  # somewhere in Kabupaten Pekalongan


def exif_with_gps(**tags: Any) -> Image.Exif:
    exif = Image.Exif()
    exif[GPS_IFD] = dict(GPS)
    exif[0x010F] = "Samsung"  # Make
    exif[0x0110] = "SM-A546E"  # Model
    for tag, value in tags.items():
        exif[int(tag.removeprefix("tag_"), 16)] = value
    return exif


def photo(
    width: int = 120, height: int = 80, fmt: str = "JPEG", exif: Image.Exif | None = None, seed: int = 1
) -> bytes:
    """A real photo-like image (noise, so it does not compress to nothing)."""
    pixels = random.Random(seed).randbytes(width * height * 3)
    image = Image.frombytes("RGB", (width, height), pixels)
    out = io.BytesIO()
    kwargs: dict[str, Any] = {"exif": exif} if exif is not None else {}
    if fmt == "JPEG":
        kwargs["quality"] = 90
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def read(field: Any) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


# --- photos lose EXIF in the public copy ---


def test_photo_keeps_exif_internally_and_loses_it_publicly(world: Any, steps: Steps, media: Path) -> None:
    data = photo(exif=exif_with_gps())
    with Image.open(io.BytesIO(data)) as check:  # the test photo really carries a position
        assert check.getexif().get_ifd(GPS_IFD)
    report = steps.file(at=T0, attachments=[("foto.jpg", data)]).report
    attachment = Attachment.objects.get(report=report)
    assert (attachment.original_name, attachment.content_type, attachment.size) == ("foto.jpg", "image/jpeg", len(data))
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.event_seq == 1
    assert attachment.uploaded_by == last_event(report).actor_kind
    assert Path(attachment.file.path).is_relative_to(media)
    assert Path(attachment.public_file.path).is_relative_to(media)

    original = read(attachment.file)
    assert original == data
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(GPS_IFD) == GPS

    public = read(attachment.public_file)
    assert public != data
    with Image.open(io.BytesIO(public)) as image:
        assert image.format == "JPEG"
        assert image.size == (120, 80)
        assert dict(image.getexif()) == {}
        assert not image.getexif().get_ifd(GPS_IFD)
        assert "exif" not in image.info
    assert b"Exif" not in public[:64]
    assert b"Samsung" not in public
    assert attachment.shared_file == attachment.public_file


def test_public_copy_is_turned_upright_before_the_exif_goes(world: Any, steps: Steps, media: Path) -> None:
    data = photo(width=60, height=40, exif=exif_with_gps(tag_0112=6))  # "rotate 90° clockwise to view"
    report = steps.file(at=T0, attachments=[("miring.jpeg", data)]).report
    attachment = Attachment.objects.get(report=report)
    with Image.open(io.BytesIO(read(attachment.public_file))) as image:
        assert image.size == (40, 60)
        assert ORIENTATION not in image.getexif()


@pytest.mark.parametrize(
    ("fmt", "name", "mime"), [("PNG", "layar.png", "image/png"), ("WEBP", "foto.webp", "image/webp")]
)
def test_other_photo_formats_lose_exif_too(
    world: Any, steps: Steps, media: Path, fmt: str, name: str, mime: str
) -> None:
    data = photo(fmt=fmt, exif=exif_with_gps())
    with Image.open(io.BytesIO(data)) as check:
        assert check.getexif().get_ifd(GPS_IFD)
    report = steps.file(at=T0, attachments=[(name, io.BytesIO(data))]).report  # a stream, as uploads come
    attachment = Attachment.objects.get(report=report)
    assert attachment.content_type == mime
    assert read(attachment.file) == data
    with Image.open(io.BytesIO(read(attachment.public_file))) as image:
        assert image.format == fmt
        assert dict(image.getexif()) == {}


def test_documents_are_kept_as_sent(world: Any, steps: Steps, media: Path) -> None:
    report = steps.file(at=T0, attachments=[("surat.pdf", PDF), ("foto.JPG", photo())]).report
    pdf, jpg = Attachment.objects.filter(report=report).order_by("original_name")[:2][::-1]
    assert (pdf.original_name, pdf.content_type, bool(pdf.public_file)) == ("surat.pdf", "application/pdf", False)
    assert read(pdf.shared_file) == PDF
    assert jpg.content_type == "image/jpeg"
    assert jpg.public_file


def test_the_name_cannot_choose_where_the_file_goes(world: Any, steps: Steps, media: Path) -> None:
    report = steps.file(at=T0, attachments=[("../../../etc/foto.jpg", photo())]).report
    attachment = Attachment.objects.get(report=report)
    assert attachment.original_name == "foto.jpg"
    assert Path(attachment.file.path).resolve().is_relative_to(media)
    assert "foto" not in attachment.file.name  # stored under a random name


def test_attachments_go_with_the_event_that_brought_them(world: Any, steps: Steps, media: Path) -> None:
    sub = steps.routed(at=T0)
    lifecycle.respond(
        steps.admin,
        sub.report,
        message="Foto setelah perbaikan terlampir.",
        at=wib(3, 3),
        attachments=[("sesudah.jpg", photo(seed=2))],
    )
    lifecycle.reply(
        steps.reporter(sub),
        sub.report,
        message="Foto dari saya.",
        at=wib(3, 4),
        attachments=[("warga.png", photo(fmt="PNG", seed=3))],
    )
    by_kind = {event.kind: event.seq for event in ReportEvent.objects.filter(report=sub.report)}
    rows = {a.original_name: (a.event_seq, a.uploaded_by) for a in Attachment.objects.filter(report=sub.report)}
    assert rows == {
        "sesudah.jpg": (by_kind["responded"], "user"),
        "warga.png": (by_kind["reporter_replied"], "reporter"),
    }


# --- refusals ---


def truncated_jpeg() -> bytes:
    data = photo(width=200, height=150)
    return data[: len(data) * 6 // 10]


def huge_png(width: int = 20_000, height: int = 20_000) -> bytes:
    """A tiny PNG whose header claims 400 megapixels: a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


REFUSED = [
    ("foto.jpg", PDF, "file_mismatch"),  # a PDF dressed as a photo
    ("laporan.pdf", photo(), "file_mismatch"),
    ("acak.jpg", random.Random(7).randbytes(4096), "unsupported_file"),
    ("acak", random.Random(8).randbytes(4096), "unsupported_file"),
    ("catatan.txt", b"Jalan berlubang di depan balai desa.\n", "unsupported_file"),
    ("foto.jpg", truncated_jpeg(), "broken_image"),
    ("bom.png", huge_png(), "broken_image"),
    ("kosong.jpg", b"", "empty_file"),
]


@pytest.mark.parametrize(("name", "data", "code"), REFUSED, ids=[f"{row[0]}-{row[2]}" for row in REFUSED])
def test_refused_file_creates_no_report(
    world: Any, steps: Steps, media: Path, name: str, data: bytes, code: str
) -> None:
    with pytest.raises(lifecycle.LifecycleError) as caught:
        steps.file(at=T0, attachments=[("baik.jpg", photo()), (name, data)])
    assert caught.value.code == code
    assert caught.value.status == 400
    assert not Report.objects.exists()
    assert not ReporterIdentity.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_oversized_file_is_refused(world: Any, steps: Steps, media: Path, settings: Any) -> None:
    data = photo()
    settings.ADUAN_MAX_ATTACHMENT_BYTES = len(data) - 1
    with pytest.raises(lifecycle.LifecycleError) as caught:
        steps.file(at=T0, attachments=[("foto.jpg", io.BytesIO(data))])
    assert caught.value.code == "file_too_large"
    assert not Report.objects.exists()
    assert stored_files(media) == []
    # Exactly at the limit is fine.
    settings.ADUAN_MAX_ATTACHMENT_BYTES = len(data)
    assert steps.file(at=T0, attachments=[("foto.jpg", data)]).report.attachments.count() == 1


def test_too_many_files_are_refused(world: Any, steps: Steps, media: Path) -> None:
    one = photo(width=16, height=16)
    with pytest.raises(lifecycle.LifecycleError) as caught:
        steps.file(at=T0, attachments=[(f"foto{i}.jpg", one) for i in range(11)])
    assert caught.value.code == "too_many_files"
    assert not Report.objects.exists()


def test_a_refused_file_on_a_later_action_changes_nothing(world: Any, steps: Steps, media: Path) -> None:
    sub = steps.routed(at=T0)
    report = sub.report
    refused(
        "file_mismatch",
        report,
        lifecycle.respond,
        steps.admin,
        report,
        message="Lihat lampiran berikut.",
        attachments=[("foto.jpg", PDF)],
    )
    refused(
        "broken_image",
        report,
        lifecycle.reply,
        steps.reporter(sub),
        report,
        message="Foto saya.",
        attachments=[("foto.jpg", truncated_jpeg())],
    )
    assert stored_files(media) == []
