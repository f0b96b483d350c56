"""The report form of `/lapor/` (field names: docs/web.md). It checks what a person can fix on the page;
everything else — files sniffed by content, codes that exist — is `lifecycle.submit`'s to refuse, and its
refusal is put back next to the field it concerns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aduan.citizen import choices
from aduan.core.phones import normalize_phone
from aduan.institutions.models import Region
from aduan.reports.attachments import MAX_FILES
from aduan.reports.errors import LifecycleError
from aduan.reports.models import Classification

TITLE_MAX = 200
BODY_MAX = 10_000
ACCEPT = "image/*,application/pdf,video/mp4"

# Which field a refusal by `lifecycle.submit` belongs next to (its `code` → form field).
FIELD_OF_ERROR = {
    "invalid_classification": "classification",
    "unknown_category": "category",
    "unknown_region": "province",
    "invalid_location": "latitude",
    "invalid_date": "incident_date",
    "unknown_institution": "institution",
    "invalid_phone": "phone",
    "invalid_email": "email",
    "invalid_nik": "nik",
    "empty_file": "attachments",
    "unsupported_file": "attachments",
    "file_mismatch": "attachments",
    "file_too_large": "attachments",
    "broken_image": "attachments",
    "too_many_files": "attachments",
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; each is checked by content later, in `reports.attachments`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ReportForm(forms.Form):
    classification = forms.ChoiceField(
        label=_("Jenis laporan"),
        choices=Classification.choices,
        initial=Classification.COMPLAINT,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih jenis laporan."), "invalid_choice": _("Pilih jenis laporan.")},
    )
    title = forms.CharField(
        label=_("Judul laporan"),
        max_length=TITLE_MAX,
        min_length=3,
        error_messages={
            "required": _("Judul laporan wajib diisi."),
            "min_length": _("Judul laporan terlalu pendek."),
            "max_length": _("Judul laporan paling panjang 200 karakter."),
        },
    )
    body = forms.CharField(
        label=_("Isi laporan"),
        widget=forms.Textarea,
        max_length=BODY_MAX,
        min_length=3,
        error_messages={
            "required": _("Isi laporan wajib diisi."),
            "min_length": _("Isi laporan terlalu pendek."),
            "max_length": _("Isi laporan terlalu panjang."),
        },
    )
    category = forms.ChoiceField(label=_("Kategori"), required=False)
    incident_date = forms.DateField(
        label=_("Tanggal kejadian"),
        required=False,
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
        error_messages={"invalid": _("Tanggal kejadian harus berupa tanggal, misalnya 17-08-2025.")},
    )
    province = forms.CharField(label=_("Provinsi"), required=False, max_length=13)
    regency = forms.CharField(label=_("Kabupaten/kota"), required=False, max_length=13)
    district = forms.CharField(label=_("Kecamatan"), required=False, max_length=13)
    village = forms.CharField(label=_("Desa/kelurahan"), required=False, max_length=13)
    latitude = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    longitude = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    address = forms.CharField(
        label=_("Alamat atau patokan lokasi"),
        required=False,
        max_length=300,
        error_messages={"max_length": _("Alamat paling panjang 300 karakter.")},
    )
    institution = forms.CharField(label=_("Instansi yang dituju"), required=False, max_length=64)
    attachments = MultipleFileField(label=_("Lampiran"), required=False)
    anonymous = forms.BooleanField(label=_("Anonim"), required=False)
    confidential = forms.BooleanField(label=_("Rahasia"), required=False)
    name = forms.CharField(label=_("Nama"), required=False, max_length=120)
    phone = forms.CharField(label=_("Nomor telepon/WhatsApp"), required=False, max_length=30)
    email = forms.EmailField(
        label=_("Email"), required=False, error_messages={"invalid": _("Alamat email tidak valid.")}
    )
    nik = forms.CharField(label=_("NIK"), required=False, max_length=30)
    submission_id = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.category_groups = choices.grouped_categories()
        self.fields["category"].choices = [("", _("— pilih kategori —")), *self.category_groups]
        self.fields["category"].error_messages["invalid_choice"] = _("Kategori tidak dikenal.")

    # --- per field ---

    def clean_incident_date(self) -> date | None:
        day = self.cleaned_data.get("incident_date")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("Tanggal kejadian tidak boleh di masa depan."))
        if day is not None and day.year < 1945:
            raise forms.ValidationError(_("Tanggal kejadian tidak masuk akal."))
        return day

    def clean_phone(self) -> str:
        raw = self.cleaned_data.get("phone", "").strip()
        if raw and not normalize_phone(raw):
            raise forms.ValidationError(_("Nomor telepon tidak valid. Contoh: 0812 3456 7890."))
        return raw

    def clean_nik(self) -> str:
        raw = self.cleaned_data.get("nik", "").strip()
        digits = "".join(ch for ch in raw if ch.isdigit())
        if raw and (len(digits) != 16 or len(digits) != len(raw.replace(" ", ""))):
            raise forms.ValidationError(_("NIK harus 16 digit angka."))
        return digits

    def clean_institution(self) -> str:
        code = self.cleaned_data.get("institution", "").strip()
        if code and choices.institution_named(code) is None:
            raise forms.ValidationError(_("Instansi tidak dikenal; pilih dari hasil pencarian atau kosongkan."))
        return code

    def clean_attachments(self) -> list[Any]:
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("Paling banyak %(n)d lampiran.") % {"n": MAX_FILES})
        return files

    # --- across fields ---

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._clean_region(data)
        self._clean_location(data)
        return data

    def _clean_region(self, data: dict[str, Any]) -> None:
        chosen = [(field, (data.get(field) or "").strip()) for field in choices.REGION_FIELDS]
        region = ""
        for level, (field, code) in enumerate(chosen, start=1):
            if not code:
                continue
            if code.count(".") + 1 != level or (region and not code.startswith(region + ".")):
                self.add_error(field, _("Pilihan wilayah tidak cocok. Pilih ulang dari provinsi."))
                return
            region = code
        if region and not Region.objects.filter(pk=region).exists():
            self.add_error("province", _("Wilayah tidak dikenal. Pilih ulang dari provinsi."))
            return
        data["region"] = region or None

    def _clean_location(self, data: dict[str, Any]) -> None:
        lat, lng = (data.get("latitude") or "").strip(), (data.get("longitude") or "").strip()
        data["latitude"] = data["longitude"] = None
        if not lat and not lng:
            return
        try:
            lat_value, lng_value = Decimal(lat), Decimal(lng)
        except InvalidOperation:
            lat_value = lng_value = Decimal("NaN")
        if not (lat_value.is_finite() and lng_value.is_finite()) or abs(lat_value) > 90 or abs(lng_value) > 180:
            self.add_error("latitude", _("Titik lokasi tidak valid. Pilih ulang di peta atau hapus titiknya."))
            return
        data["latitude"], data["longitude"] = lat_value, lng_value

    # --- for the view ---

    def submit_kwargs(self) -> dict[str, Any]:
        """The arguments of `lifecycle.submit` from the cleaned form (attachments and actor aside)."""
        d = self.cleaned_data
        return {
            "classification": d["classification"],
            "title": d["title"],
            "body": d["body"],
            "category": d.get("category") or None,
            "incident_date": d.get("incident_date"),
            "region": d.get("region"),
            "latitude": d.get("latitude"),
            "longitude": d.get("longitude"),
            "address": d.get("address", ""),
            "institution": d.get("institution") or None,
            "anonymous": d.get("anonymous", False),
            "confidential": d.get("confidential", False),
            "reporter": {key: d.get(key, "") for key in ("name", "phone", "email", "nik")},
        }

    def add_lifecycle_error(self, error: LifecycleError) -> None:
        """Show a refusal of `lifecycle.submit` next to the field it concerns (or above the form)."""
        self.add_error(FIELD_OF_ERROR.get(error.code), error.detail)

    def value_of(self, field: str) -> str:
        value = self[field].value()
        return "" if value is None else str(value)

    def region_values(self) -> dict[str, str]:
        return {field: self.value_of(field) for field in choices.REGION_FIELDS}

    def error_dict(self) -> dict[str, list[str]]:
        """Errors as JSON for the page's script: field name (or "__all__") → messages."""
        return {field: [str(m) for m in messages] for field, messages in self.errors.items()}


def limits() -> dict[str, int]:
    """Size limits for the page's script to check before uploading (the server checks again)."""
    return {
        "max_bytes": settings.ADUAN_MAX_ATTACHMENT_BYTES,
        "max_video_bytes": settings.ADUAN_MAX_VIDEO_BYTES,
        "max_files": MAX_FILES,
    }
