"""Fixtures for the public pages: media in a temporary folder, and a set of reports whose private parts
must never show (an anonymous one full of its reporter's details, a confidential one, an unverified one)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.models import Attachment, Report
from tests.conftest import REPORTER

from .helpers import IDENTITY, SECRET_TITLE, UNVERIFIED_TITLE, photo


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@dataclass
class Sensitive:
    anonymous: Report  # public, anonymous, the reporter's details all through its text
    named: Report  # public, not anonymous, the reporter's details in its body
    confidential: Report
    unverified: Report
    anonymous_token: str
    photo: Attachment  # the anonymous report's photo, with a GPS position in its EXIF
    reply_photo: Attachment  # sent by the anonymous reporter with a reply: not public
    secret_photo: Attachment  # the confidential report's photo


def _details(identity: dict[str, str]) -> str:
    return (
        f"Saya {identity['name']}, NIK {identity['nik']}, telepon {identity['phone']}, "
        f"surel {identity['email']}. Jalan di depan rumah saya berlubang dalam dan sudah ada yang jatuh."
    )


@pytest.fixture
def sensitive(world: Any, file_report: Callable[..., lifecycle.Submission], media: Path) -> Sensitive:
    verifier, admin = world.actor(world.verifier), world.actor(world.regency_admin)
    name, phone = IDENTITY["name"], IDENTITY["phone"]

    sub = file_report(
        anonymous=True,
        title=f"Jalan berlubang di depan rumah {name}",
        body=_details(IDENTITY),
        reporter=dict(IDENTITY),
        attachments=[("rumah_bambang.jpg", photo(seed=1))],
    )
    anonymous = sub.report
    lifecycle.verify(verifier, anonymous, institution="pemkab-33-26", message=f"Pelapor {name} ({phone}) menunggu.")
    lifecycle.accept(admin, anonymous, message=f"Kami akan menghubungi {IDENTITY['email']}.")
    lifecycle.respond(admin, anonymous, message=f"Bapak {name}, jalan sudah ditambal. NIK {IDENTITY['nik']} tercatat.")
    lifecycle.reply(
        Actor.reporter_with_token(sub.access_token),
        anonymous,
        message=f"Terima kasih, salam {name} {phone}.",
        attachments=[("balasan.jpg", photo(seed=2))],
    )

    named = file_report(title="Saluran air tersumbat di pasar", body=_details(REPORTER)).report
    lifecycle.verify(verifier, named, institution="pemkab-33-26")

    confidential = file_report(
        confidential=True,
        title=SECRET_TITLE,
        body="Petugas meminta uang untuk perekaman KTP elektronik.",
        attachments=[("bukti.jpg", photo(seed=3))],
    ).report
    lifecycle.verify(verifier, confidential, institution="pemkab-33-26")
    lifecycle.accept(admin, confidential)
    lifecycle.respond(admin, confidential, message="Petugas yang bersangkutan sudah diperiksa inspektorat.")

    unverified = file_report(title=UNVERIFIED_TITLE, body="Lampu jalan di RT 03 padam sejak bulan lalu.").report

    photos = {a.original_name: a for a in Attachment.objects.all()}
    return Sensitive(
        anonymous=Report.objects.get(pk=anonymous.pk),
        named=Report.objects.get(pk=named.pk),
        confidential=Report.objects.get(pk=confidential.pk),
        unverified=unverified,
        anonymous_token=sub.access_token or "",
        photo=photos["rumah_bambang.jpg"],
        reply_photo=photos["balasan.jpg"],
        secret_photo=photos["bukti.jpg"],
    )
