"""Aduan ↔ Open311 GeoReport v2: categories as services, reports as service requests, public events as
status updates (the `servicerequestupdates` extension), and every status as open/closed plus detail.

Only public data goes out: reports from `visibility.public_reports()`, text from `visibility.public_text`,
history from `visibility.event_views` with a public viewer, attachments from `visibility.public_attachments`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from aduan.institutions.models import Region
from aduan.public.labels import event_label, status_label
from aduan.reports.models import (
    Attachment,
    Category,
    Classification,
    ClosedHow,
    DueKind,
    Report,
    Status,
)
from aduan.reports.states import OPEN
from aduan.reports.visibility import EventView, public_attachments, public_text

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
UPDATES_SPECIFICATION = "http://wiki.open311.org/GeoReport_v2/Servicerequestupdates"
CHANGESET = "2026-03-01T00:00:00+07:00"  # when this endpoint's contract last changed

OPEN311_OPEN = "open"
OPEN311_CLOSED = "closed"

# Public coordinates are rounded: about 11 m, and about 110 m for an anonymous report, whose exact
# location (a house, a workplace) could point at the reporter.
PUBLIC_PLACES = Decimal("0.0001")
ANONYMOUS_PLACES = Decimal("0.001")

# Event kinds that are not steps of the case (a citizen's "dukung") stay out of the update feed.
NOT_UPDATES = {"supported"}


def w3c(moment: datetime | None) -> str | None:
    """A W3C datetime with the local offset (`2026-03-02T10:00:00+07:00`)."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def open_or_closed(status: str) -> str:
    return OPEN311_OPEN if status in OPEN else OPEN311_CLOSED


def status_notes(report: Report) -> str:
    """The detailed status in the words the public reads (how a completed report closed, too)."""
    label = status_label(report.status, verified=report.verified_at is not None)
    if report.status == Status.COMPLETED and report.closed_how:
        return f"{label}: {ClosedHow(report.closed_how).label}"
    return label


# --- services (the category tree) ---


def _name(category: Category) -> str:
    if (get_language() or "").startswith("en") and category.name_en:
        return category.name_en
    return category.name


def service(category: Category, parents: dict[int, Category]) -> dict[str, Any]:
    parent = parents.get(category.parent_id) if category.parent_id else None
    group = _name(parent) if parent is not None else _name(category)
    keywords = [category.code] + ([parent.code] if parent is not None else [])
    if category.name_en:
        keywords.append(category.name_en)
    return {
        "service_code": category.code,
        "service_name": _name(category),
        "description": (
            _("%(name)s (kelompok %(group)s)") % {"name": _name(category), "group": group}
            if parent is not None
            else _name(category)
        ),
        "metadata": True,
        "type": "realtime",
        "keywords": ",".join(keywords),
        "group": group,
    }


def services(categories: list[Category]) -> list[dict[str, Any]]:
    parents = {c.pk: c for c in categories}
    return [service(c, parents) for c in categories]


def _attribute(code: str, datatype: str, order: int, description: str, *, required: bool = False, **extra: Any):
    attribute = {
        "variable": True,
        "code": code,
        "datatype": datatype,
        "required": required,
        "datatype_description": extra.pop("datatype_description", ""),
        "order": order,
        "description": description,
    }
    if "values" in extra:
        attribute["values"] = [{"key": key, "name": name} for key, name in extra["values"]]
    return attribute


def definition(category: Category) -> dict[str, Any]:
    """The service definition: what Aduan asks beyond the specification's own fields."""
    yes_no = [("false", _("Tidak")), ("true", _("Ya"))]
    return {
        "service_code": category.code,
        "attributes": [
            _attribute(
                "classification",
                "singlevaluelist",
                1,
                _("Jenis laporan (bawaan: pengaduan)."),
                values=[(value, str(label)) for value, label in Classification.choices],
            ),
            _attribute(
                "title",
                "string",
                2,
                _("Judul laporan; bila kosong, diambil dari kalimat pertama deskripsi."),
                datatype_description=_("Paling panjang 200 karakter."),
            ),
            _attribute(
                "anonymous",
                "singlevaluelist",
                3,
                _("Anonim: identitas pelapor disembunyikan dari instansi dan publik."),
                values=yes_no,
            ),
            _attribute(
                "confidential",
                "singlevaluelist",
                4,
                _("Rahasia: laporan tidak pernah ditampilkan kepada publik."),
                values=yes_no,
            ),
            _attribute(
                "region_code",
                "string",
                5,
                _("Kode wilayah Kemendagri lokasi kejadian, sampai desa/kelurahan bila diketahui."),
                datatype_description=_("Contoh: 33.26.01.2001"),
            ),
            _attribute(
                "incident_date",
                "datetime",
                6,
                _("Tanggal kejadian."),
                datatype_description=_("TTTT-BB-HH atau tanggal-waktu W3C."),
            ),
            _attribute(
                "institution",
                "string",
                7,
                _("Kode instansi yang disarankan untuk menangani laporan."),
            ),
            _attribute(
                "nik",
                "string",
                8,
                _("NIK pelapor (16 digit); hanya dilihat verifikator."),
                datatype_description=_("16 digit angka."),
            ),
        ],
    }


# --- service requests ---


def _coordinate(value: Decimal | None, places: Decimal) -> str | None:
    return str(value.quantize(places, rounding=ROUND_HALF_UP)) if value is not None else None


def _absolute(path: str) -> str:
    return settings.BASE_URL + path


def attachment_url(attachment: Attachment) -> str:
    return _absolute(reverse("public-attachment", args=[attachment.pk]))


def report_url(report: Report) -> str:
    return _absolute(reverse("public-report", args=[report.code]))


def places_of(reports: list[Report]) -> dict[str, str]:
    """Each report's location as the public pages show it: region names from the village up, never the
    reporter's free-text address. One query for a whole answer."""
    chains = {r.region_id: r.region.ancestor_codes() for r in reports if r.region is not None}
    wanted = {code for chain in chains.values() for code in chain}
    names = dict(Region.objects.filter(code__in=wanted).values_list("code", "name"))
    return {code: ", ".join(names[c] for c in reversed(chain) if c in names) for code, chain in chains.items()}


def _expected(report: Report) -> str | None:
    if report.due_kind in (DueKind.VERIFY, DueKind.FOLLOW_UP):
        return w3c(report.due_at)
    return None


def first_public_image(report: Report) -> Attachment | None:
    return public_attachments(report).filter(content_type__startswith="image/").first()


def request(
    report: Report, *, place: str = "", updated_at: datetime | None = None, image: Attachment | None = None
) -> dict[str, Any]:
    """One public report as a service request. The report must come from `public_reports()`."""
    title, body = public_text(report)
    places = ANONYMOUS_PLACES if report.anonymous else PUBLIC_PLACES
    held = report.unit or report.institution
    return {
        "service_request_id": report.code,
        "status": open_or_closed(report.status),
        "status_notes": status_notes(report),
        "detailed_status": report.status,
        "service_name": _name(report.category) if report.category else "",
        "service_code": report.category.code if report.category else "",
        "title": title,
        "description": body,
        "agency_responsible": held.name if held is not None else "",
        "service_notice": "",
        "requested_datetime": w3c(report.submitted_at),
        "updated_datetime": w3c(updated_at or report.verified_at or report.submitted_at),
        "expected_datetime": _expected(report),
        "address": place,
        "address_id": report.region_id or "",
        "zipcode": "",
        "lat": _coordinate(report.latitude, places),
        "long": _coordinate(report.longitude, places),
        "media_url": attachment_url(image) if image is not None else "",
        "url": report_url(report),
    }


# --- status updates (servicerequestupdates) ---


@dataclass(frozen=True)
class Update:
    report: Report
    view: EventView
    media: Attachment | None


def update(item: Update) -> dict[str, Any]:
    view = item.view
    return {
        "update_id": f"{item.report.code}-{view.seq}",
        "service_request_id": item.report.code,
        "status": open_or_closed(view.status_after),
        "detailed_status": view.status_after,
        "updated_datetime": w3c(view.created_at),
        "description": view.text or event_label(view.kind),
        "media_url": attachment_url(item.media) if item.media is not None else "",
    }
