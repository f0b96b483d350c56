"""The columns of each open dataset: name, type, and meaning (English for docs/open-data.md, Indonesian
for the `/data/` page). Writers, the `/data/` page and the documentation all read these lists."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "Creative Commons Attribution 4.0 International"

STRING = "string"
INTEGER = "integer"
DATETIME = "datetime"
UUID = "uuid"
URL = "url"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    doc: str  # English, for docs/open-data.md
    about: Promise  # Indonesian, for the /data/ page
    width: int = 14  # XLSX column width, in characters
    nullable: bool = False
    free_text: bool = False  # written by people (see the CSV writer's formula guard)


REPORT_COLUMNS: tuple[Column, ...] = (
    Column("code", STRING, "Tracking code of the report.", _("Kode pelacakan laporan."), 11),
    Column("global_id", UUID, "Globally unique id of the report (UUID).", _("ID global laporan (UUID)."), 38),
    Column(
        "classification",
        STRING,
        "complaint, aspiration or information_request.",
        _("Klasifikasi: complaint, aspiration atau information_request."),
    ),
    Column("classification_label", STRING, "The classification in Indonesian.", _("Klasifikasi dalam kata."), 20),
    Column("category_code", STRING, "Category code.", _("Kode kategori."), 20, nullable=True),
    Column("category_name", STRING, "Category name.", _("Nama kategori."), 24, nullable=True),
    Column(
        "region_code",
        STRING,
        "Kemendagri code of the place reported, at any level (province 33, regency 33.26, district 33.26.01, "
        "village 33.26.01.2001).",
        _("Kode wilayah Kemendagri lokasi yang dilaporkan (provinsi, kabupaten/kota, kecamatan atau desa)."),
        14,
        nullable=True,
    ),
    Column("region_name", STRING, "Name of that region.", _("Nama wilayah tersebut."), 22, nullable=True),
    Column("province_code", STRING, "Kemendagri code of its province.", _("Kode provinsi."), 8, nullable=True),
    Column("province_name", STRING, "Name of its province.", _("Nama provinsi."), 20, nullable=True),
    Column(
        "regency_code",
        STRING,
        "Kemendagri code of its regency or city (empty for a report about a whole province).",
        _("Kode kabupaten/kota (kosong bila laporan tentang satu provinsi)."),
        8,
        nullable=True,
    ),
    Column("regency_name", STRING, "Name of its regency or city.", _("Nama kabupaten/kota."), 24, nullable=True),
    Column(
        "institution_code",
        STRING,
        "Code of the institution that holds the report (empty while it awaits routing).",
        _("Kode instansi yang menangani laporan (kosong bila belum diteruskan)."),
        20,
        nullable=True,
    ),
    Column("institution_name", STRING, "Name of that institution.", _("Nama instansi penangan."), 30, nullable=True),
    Column(
        "unit_code",
        STRING,
        "Code of the unit (OPD) of that institution the report was passed to, if any.",
        _("Kode unit kerja (OPD) yang menangani, bila laporan diteruskan ke unit kerja."),
        24,
        nullable=True,
    ),
    Column("unit_name", STRING, "Name of that unit.", _("Nama unit kerja."), 30, nullable=True),
    Column(
        "status",
        STRING,
        "submitted (verified, awaiting routing again), dispositioned, in_progress, responded, completed.",
        _("Status: submitted, dispositioned, in_progress, responded atau completed."),
    ),
    Column("status_label", STRING, "The status as the public pages show it, in Indonesian.", _("Status dalam kata.")),
    Column("submitted_at", DATETIME, "When the report was submitted.", _("Waktu laporan dikirim."), 20),
    Column(
        "verified_at",
        DATETIME,
        "When the verifier approved it for publication and routed it.",
        _("Waktu laporan diverifikasi."),
        20,
    ),
    Column(
        "dispositioned_at",
        DATETIME,
        "When it was last routed to an institution.",
        _("Waktu laporan terakhir diteruskan ke instansi."),
        20,
        nullable=True,
    ),
    Column(
        "first_response_at",
        DATETIME,
        "When an institution first responded.",
        _("Waktu tanggapan pertama instansi."),
        20,
        nullable=True,
    ),
    Column("closed_at", DATETIME, "When the report was closed.", _("Waktu laporan selesai."), 20, nullable=True),
    Column(
        "closed_how",
        STRING,
        "confirmed (by the reporter) or silence (closed after the reporter did not answer within 10 working days).",
        _("Cara selesai: confirmed (dikonfirmasi pelapor) atau silence (pelapor tidak menanggapi)."),
        nullable=True,
    ),
    Column("closed_how_label", STRING, "closed_how in Indonesian.", _("Cara selesai dalam kata."), 24, nullable=True),
    Column(
        "working_days_to_verify",
        INTEGER,
        "Working days from submission to verification (Indonesian public holidays and cuti bersama excluded).",
        _("Hari kerja dari laporan dikirim sampai diverifikasi (tanpa hari libur nasional dan cuti bersama)."),
        nullable=True,
    ),
    Column(
        "working_days_to_first_response",
        INTEGER,
        "Working days from the last routing to the first response; empty without a response or when the "
        "response came before a later re-routing.",
        _("Hari kerja dari diteruskan sampai tanggapan pertama; kosong bila belum ditanggapi."),
        nullable=True,
    ),
    Column(
        "transfer_count",
        INTEGER,
        "How many times the report was passed from one institution to another.",
        _("Berapa kali laporan dialihkan antarinstansi."),
    ),
    Column("support_count", INTEGER, "How many citizens supported the report.", _("Jumlah dukungan warga.")),
    Column(
        "title",
        STRING,
        "Public title as approved by the verifier, personal data masked.",
        _("Judul publik yang disetujui verifikator, data pribadi disamarkan."),
        40,
        free_text=True,
    ),
    Column(
        "body",
        STRING,
        "Public text as approved by the verifier, personal data (names, NIK, phone numbers, e-mail) masked.",
        _("Isi publik yang disetujui verifikator, data pribadi (nama, NIK, telepon, surel) disamarkan."),
        60,
        free_text=True,
    ),
    Column("url", URL, "The report's public page.", _("Alamat halaman publik laporan."), 40),
)

INSTITUTION_COLUMNS: tuple[Column, ...] = (
    Column("institution_code", STRING, "Institution code.", _("Kode instansi."), 20),
    Column("institution_name", STRING, "Institution name.", _("Nama instansi."), 40),
    Column(
        "institution_kind",
        STRING,
        "ministry, agency, state_company, province, regency, city, …",
        _("Jenis instansi."),
    ),
    Column("region_code", STRING, "Kemendagri code of its region, if any.", _("Kode wilayah instansi."), nullable=True),
    Column(
        "reports",
        INTEGER,
        "Public reports it holds (its units' reports included).",
        _("Laporan publik yang ditangani (termasuk unit kerjanya)."),
    ),
    Column(
        "in_progress",
        INTEGER,
        "Of those: dispositioned, in progress or responded and awaiting the reporter.",
        _("Sedang ditindaklanjuti."),
    ),
    Column("responded", INTEGER, "Of those: with at least one response.", _("Sudah ditanggapi setidaknya sekali.")),
    Column("completed", INTEGER, "Of those: closed.", _("Selesai.")),
    Column("completed_confirmed", INTEGER, "Closed, confirmed by the reporter.", _("Selesai, dikonfirmasi pelapor.")),
    Column(
        "completed_by_silence",
        INTEGER,
        "Closed because the reporter did not answer within 10 working days.",
        _("Selesai karena pelapor tidak menanggapi."),
    ),
    Column(
        "transfers",
        INTEGER,
        "Sum of transfer_count over those reports.",
        _("Jumlah pengalihan antarinstansi atas laporan tersebut."),
    ),
    Column("supports", INTEGER, "Sum of support_count over those reports.", _("Jumlah dukungan warga.")),
    Column("url", URL, "The institution's public page.", _("Alamat halaman publik instansi."), 40),
)


@dataclass(frozen=True)
class Dataset:
    slug: str  # in the file names: /data/<slug>.<format>
    api_name: str  # in the API: /api/v1/export/<api_name>
    title: Promise
    columns: tuple[Column, ...]


REPORTS = Dataset("laporan", "reports", _("Laporan publik"), REPORT_COLUMNS)
INSTITUTIONS = Dataset("instansi", "institutions", _("Ringkasan per instansi"), INSTITUTION_COLUMNS)
DATASETS = {d.slug: d for d in (REPORTS, INSTITUTIONS)}
