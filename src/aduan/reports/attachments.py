"""Attachments: type sniffed from the content (never trusted from the name), size-limited, and a public
copy of every photo without its EXIF data (location, camera, owner)."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from aduan.reports.errors import Invalid
from aduan.reports.models import Attachment, Report

IMAGES = {"image/jpeg": {"jpg", "jpeg"}, "image/png": {"png"}, "image/webp": {"webp"}, "image/gif": {"gif"}}
VIDEOS = {"video/mp4": {"mp4", "m4v"}, "video/3gpp": {"3gp"}, "video/quicktime": {"mov"}, "video/webm": {"webm"}}
DOCUMENTS = {
    "application/pdf": {"pdf"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"xlsx"},
}
ALLOWED = IMAGES | VIDEOS | DOCUMENTS
MAX_FILES = 10


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGES


def check(name: str, stream: IO[bytes] | bytes) -> CheckedFile:
    """Read and validate one upload; raises `Invalid` with a message for the person who sent it."""
    limit = max(settings.ADUAN_MAX_ATTACHMENT_BYTES, settings.ADUAN_MAX_VIDEO_BYTES)
    data = stream if isinstance(stream, bytes) else stream.read(limit + 1)
    clean_name = PurePath(name or "lampiran").name[:200] or "lampiran"
    if not data:
        raise Invalid(_("Berkas %(name)s kosong.") % {"name": clean_name}, code="empty_file")
    kind = filetype.guess(data)
    content_type = kind.mime if kind else ""
    if content_type not in ALLOWED:
        raise Invalid(
            _(
                "Jenis berkas %(name)s tidak didukung. Kirim foto (JPG, PNG, WebP), video pendek (MP4) atau dokumen "
                "(PDF, DOCX, XLSX)."
            )
            % {"name": clean_name},
            code="unsupported_file",
        )
    extension = PurePath(clean_name).suffix.lower().lstrip(".")
    if extension and extension not in ALLOWED[content_type]:
        raise Invalid(
            _("Isi berkas %(name)s tidak sesuai dengan namanya (isinya %(type)s).")
            % {"name": clean_name, "type": content_type},
            code="file_mismatch",
        )
    max_bytes = settings.ADUAN_MAX_VIDEO_BYTES if content_type in VIDEOS else settings.ADUAN_MAX_ATTACHMENT_BYTES
    if len(data) > max_bytes:
        raise Invalid(
            _("Berkas %(name)s terlalu besar; batasnya %(mb)d MB.") % {"name": clean_name, "mb": max_bytes // 2**20},
            code="file_too_large",
        )
    if content_type in IMAGES:
        _check_image(clean_name, data)
    return CheckedFile(clean_name, content_type, data)


def check_all(files: list[tuple[str, IO[bytes] | bytes]]) -> list[CheckedFile]:
    if len(files) > MAX_FILES:
        raise Invalid(_("Paling banyak %(n)d lampiran per pesan.") % {"n": MAX_FILES}, code="too_many_files")
    return [check(name, stream) for name, stream in files]


def _check_image(name: str, data: bytes) -> None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        # verify() checks next to nothing for JPEG: decode the pixels too, so a truncated photo is refused
        # here and not when its public copy is made (after the report row and the original were written).
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise Invalid(_("Gambar %(name)s rusak atau bukan gambar.") % {"name": name}, code="broken_image") from exc


def without_exif(checked: CheckedFile) -> bytes:
    """The image re-encoded with its orientation applied and no metadata at all."""
    with Image.open(io.BytesIO(checked.data)) as image:
        fmt = image.format or "JPEG"
        upright = ImageOps.exif_transpose(image)
        out = io.BytesIO()
        if fmt == "JPEG" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        upright.save(out, format=fmt, quality=88) if fmt == "JPEG" else upright.save(out, format=fmt)
        return out.getvalue()


def store(report: Report, checked: CheckedFile, *, uploaded_by: str, event_seq: int | None) -> Attachment:
    attachment = Attachment(
        report=report,
        event_seq=event_seq,
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.data),
        sha256=hashlib.sha256(checked.data).hexdigest(),
        uploaded_by=uploaded_by,
    )
    attachment.file.save(checked.name, ContentFile(checked.data), save=False)
    if checked.is_image:
        attachment.public_file.save(checked.name, ContentFile(without_exif(checked)), save=False)
    attachment.save()
    return attachment
