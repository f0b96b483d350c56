"""Submitting a new report, by any channel."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.core import crypto, hashchain, trackcode
from aduan.core.fastwrite import insert
from aduan.core.phones import normalize_phone
from aduan.institutions.models import Institution, Region
from aduan.reports import attachments as files
from aduan.reports import deadlines
from aduan.reports.actors import Actor
from aduan.reports.errors import Invalid
from aduan.reports.lifecycle import base
from aduan.reports.lifecycle.base import Change, as_reporter, now, optional_text, require_text, write
from aduan.reports.models import (
    ActorKind,
    Category,
    Classification,
    DueKind,
    EventAudience,
    Report,
    ReporterIdentity,
    Status,
)
from aduan.reports.visibility import hash_token

CODE_ATTEMPTS = 5


@dataclass(frozen=True)
class ReporterInput:
    name: str = ""
    phone: str = ""
    email: str = ""
    nik: str = ""

    @classmethod
    def of(cls, value: ReporterInput | dict[str, Any] | None) -> ReporterInput:
        if isinstance(value, ReporterInput):
            return value
        value = value or {}
        return cls(**{k: str(value.get(k) or "").strip() for k in ("name", "phone", "email", "nik")})


@dataclass(frozen=True)
class Submission:
    report: Report
    access_token: str | None


def sender_index(channel: str, sender: str) -> str:
    """Blind index of a channel's sender id; phone-like channels share one normalised number."""
    if channel in {"sms", "whatsapp"}:
        sender = normalize_phone(sender) or sender
        return crypto.blind_index("phone", sender)
    return crypto.blind_index(channel, sender.strip().lower())


def submit(
    actor: Actor,
    *,
    classification: str,
    title: str,
    body: str,
    category: Category | str | None = None,
    incident_date: date | str | None = None,
    region: Region | str | None = None,
    latitude: Any = None,
    longitude: Any = None,
    address: str = "",
    institution: Institution | str | None = None,
    anonymous: bool = False,
    confidential: bool = False,
    reporter: ReporterInput | dict[str, Any] | None = None,
    channel: str = "web",
    sender: str | None = None,
    intake_institution: Institution | None = None,
    attachments: list[tuple[str, IO[bytes] | bytes]] | None = None,
    at: datetime | None = None,
    global_id: uuid.UUID | None = None,
) -> Submission:
    """File a new report. Everything is checked before anything is written. `global_id` is given only when
    a peer instance forwards a report: it keeps the id it has everywhere (docs/federation.md)."""
    at = at or now()
    fields = _report_fields(
        classification=classification,
        title=title,
        body=body,
        category=category,
        incident_date=incident_date,
        region=region,
        latitude=latitude,
        longitude=longitude,
        address=address,
        institution=institution,
        at=at,
    )
    person = ReporterInput.of(reporter)
    sealed = _identity(person, channel, sender)
    checked = files.check_all(attachments or [])
    account = actor.user if actor.user is not None else None
    token = None if account is not None else secrets.token_urlsafe(24)
    for attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                report = _create(
                    actor=actor,
                    fields=fields,
                    sealed=sealed,
                    account=account,
                    token=token,
                    anonymous=bool(anonymous),
                    confidential=bool(confidential),
                    channel=channel,
                    intake=intake_institution,
                    checked=checked,
                    at=at,
                    global_id=global_id,
                )
            return Submission(report, token)
        except IntegrityError:
            # A tracking-code collision (about one in a million at a million reports): draw again.
            if attempt == CODE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _create(
    *,
    actor: Actor,
    fields: dict[str, Any],
    sealed: ReporterIdentity | None,
    account: Any,
    token: str | None,
    anonymous: bool,
    confidential: bool,
    channel: str,
    intake: Institution | None,
    checked: list[files.CheckedFile],
    at: datetime,
    global_id: uuid.UUID | None = None,
) -> Report:
    if sealed is not None:
        sealed.user = account
        insert(sealed)
    report = Report(
        **fields,
        code=trackcode.new_code(),
        anonymous=anonymous,
        confidential=confidential,
        channel=channel[:20],
        intake_institution=intake,
        reporter=sealed,
        reporter_user=account,
        access_token_hash=hash_token(token) if token else "",
        submitted_at=at,
        status="",
        last_hash=hashchain.GENESIS,
    )
    if global_id is not None:
        report.global_id = global_id
    deadlines.start(report, DueKind.VERIFY, at)
    change = Change(report)
    # Whoever files the report is its reporter (a channel adapter files as the channel).
    author = as_reporter(actor) if actor.kind in (ActorKind.USER, ActorKind.REPORTER) else actor
    change.append(author, at, "submitted", Status.SUBMITTED, EventAudience.PUBLIC, data={"channel": channel})
    change.files = checked
    return write(change)


def _report_fields(
    *,
    classification: str,
    title: str,
    body: str,
    category: Any,
    incident_date: Any,
    region: Any,
    latitude: Any,
    longitude: Any,
    address: str,
    institution: Any,
    at: datetime,
) -> dict[str, Any]:
    if classification not in Classification.values:
        raise Invalid(
            _("Klasifikasi harus salah satu dari: pengaduan, aspirasi, permintaan informasi."),
            code="invalid_classification",
        )
    title_text = require_text(title, _("Judul laporan"), minimum=3)
    if len(title_text) > 200:
        raise Invalid(_("Judul laporan paling panjang 200 karakter."), code="too_long")
    lat, lon = _coordinates(latitude, longitude)
    return {
        "classification": classification,
        "title": title_text,
        "body": require_text(body, _("Isi laporan"), minimum=3),
        "category": _category(category),
        "incident_date": _incident_date(incident_date, at),
        "region_id": _region_code(region),
        "latitude": lat,
        "longitude": lon,
        "address": optional_text(address)[:300],
        "suggested_institution_id": _suggested_pk(institution),
    }


def clear_caches() -> None:
    """Forget cached look-ups (tests load and drop reference data between cases)."""
    _category_by_code.cache_clear()
    _region_codes.cache_clear()
    _institution_pk.cache_clear()
    base._operator_pk.cache_clear()


def _category(value: Category | str | None) -> Category | None:
    if value is None or value == "" or isinstance(value, Category):
        return value or None
    found = _category_by_code(str(value).strip())
    if found is None:
        raise Invalid(_("Kategori tidak dikenal: %(code)s") % {"code": value}, code="unknown_category")
    return found


@lru_cache(maxsize=1024)
def _category_by_code(code: str) -> Category | None:
    return Category.objects.filter(code=code, active=True).first()


def _region_code(value: Region | str | None) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, Region):
        return value.code
    code = str(value).strip()
    if not _region_exists(code):
        raise Invalid(_("Kode wilayah tidak dikenal: %(code)s") % {"code": code}, code="unknown_region")
    return code


@lru_cache(maxsize=1)
def _region_codes() -> frozenset[str]:
    """Every region code, loaded once per process (91,599 short strings): intake checks a code in O(1)."""
    return frozenset(Region.objects.values_list("code", flat=True))


def _region_exists(code: str) -> bool:
    return code in _region_codes() or Region.objects.filter(pk=code).exists()


def _suggested_pk(value: Institution | str | None) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, Institution):
        return value.pk
    pk = _institution_pk(str(value).strip())
    if pk is None:
        raise Invalid(_("Instansi tidak dikenal: %(code)s") % {"code": value}, code="unknown_institution")
    return pk


@lru_cache(maxsize=4096)
def _institution_pk(code: str) -> int | None:
    return Institution.objects.filter(code=code, active=True).values_list("pk", flat=True).first()


def _incident_date(value: date | str | None, at: datetime) -> date | None:
    if value in (None, ""):
        return None
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError as exc:
        raise Invalid(_("Tanggal kejadian harus berupa tanggal (TTTT-BB-HH)."), code="invalid_date") from exc
    if day > timezone.localdate(at):
        raise Invalid(_("Tanggal kejadian tidak boleh di masa depan."), code="invalid_date")
    if day.year < 1945:
        raise Invalid(_("Tanggal kejadian tidak masuk akal."), code="invalid_date")
    return day


def _coordinates(latitude: Any, longitude: Any) -> tuple[Decimal | None, Decimal | None]:
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    try:
        lat = Decimal(str(latitude)).quantize(Decimal("0.000001"))
        lon = Decimal(str(longitude)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError) as exc:
        raise Invalid(_("Koordinat lokasi tidak valid."), code="invalid_location") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise Invalid(_("Koordinat lokasi tidak valid."), code="invalid_location")
    return lat, lon


def _identity(person: ReporterInput, channel: str, sender: str | None) -> ReporterIdentity | None:
    if not any((person.name, person.phone, person.email, person.nik, sender)):
        return None
    phone = ""
    if person.phone:
        phone = normalize_phone(person.phone) or ""
        if not phone:
            raise Invalid(_("Nomor telepon tidak valid."), code="invalid_phone")
    email = person.email.lower()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise Invalid(_("Alamat email tidak valid."), code="invalid_email") from exc
    nik = "".join(ch for ch in person.nik if ch.isdigit())
    if person.nik and len(nik) != 16:
        raise Invalid(_("NIK harus 16 digit."), code="invalid_nik")
    data = {"name": person.name[:120], "phone": phone, "email": email, "nik": nik}
    if sender:
        data["sender"] = sender
    return ReporterIdentity(
        sealed=crypto.encrypt_json(data),
        phone_index=crypto.blind_index("phone", phone) if phone else "",
        email_index=crypto.blind_index("email", email) if email else "",
        nik_index=crypto.blind_index("nik", nik) if nik else "",
        sender_index=sender_index(channel, sender) if sender else "",
        channel=channel if sender else "",
    )
