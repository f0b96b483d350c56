"""The filters of an export: the public list's (period, institution, region at any level, category,
classification, status), checked strictly. An export is a download, not a page: a value that is not
understood stops it with a clear message (HTTP 400) rather than silently widening the file.

Two spellings of the same filters: the Indonesian ones of `/data/laporan.csv?…` (as on `/laporan/`) and
the API's English ones (`/api/v1/export/reports?…`, as on `/api/v1/reports`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.institutions.models import Institution, Region
from aduan.public.filters import REGION_CODE, CategoryTree, Criteria
from aduan.public.labels import public_statuses
from aduan.reports.models import Classification, Report

# Public spelling → meaning; the API spells each as the meaning itself.
PUBLIC_NAMES = {
    "dari": "since",
    "sampai": "until",
    "instansi": "institution",
    "wilayah": "region",
    "kategori": "category",
    "klasifikasi": "classification",
    "status": "status",
}
API_NAMES = {meaning: meaning for meaning in PUBLIC_NAMES.values()}
MAX_VALUE = 64
# No report is older than the service; dates before this or further ahead than a year are mistakes.
EARLIEST = date(2000, 1, 1)
AHEAD = timedelta(days=366)
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class BadFilter(ValueError):
    """A filter that cannot be applied; `message` is for the person who asked (Indonesian)."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param
        self.message = message


@dataclass
class ExportQuery:
    """What an export is filtered by, once checked; `shown` is what the file's metadata repeats."""

    criteria: Criteria = field(default_factory=Criteria)
    since: date | None = None
    until: date | None = None
    shown: dict[str, str] = field(default_factory=dict)

    def apply(self, reports: QuerySet[Report]) -> QuerySet[Report]:
        reports = self.criteria.apply(reports)
        tz = timezone.get_default_timezone()
        if self.since is not None:
            reports = reports.filter(submitted_at__gte=datetime.combine(self.since, time.min, tzinfo=tz))
        if self.until is not None:
            end = datetime.combine(self.until + timedelta(days=1), time.min, tzinfo=tz)
            reports = reports.filter(submitted_at__lt=end)
        return reports


def _value(params: Mapping[str, Any], name: str) -> str:
    raw = params.get(name)
    return " ".join(CONTROL.sub(" ", str(raw or "")).split())


def _echo(value: str) -> str:
    """A value as repeated in an error message: never more than a code's length."""
    return value if len(value) <= MAX_VALUE else value[:MAX_VALUE] + "…"


def parse(params: Mapping[str, Any], names: Mapping[str, str] = PUBLIC_NAMES) -> ExportQuery:
    """Check every filter given under `names` (spelling → meaning); raise BadFilter on the first bad one.
    At most one query per filter, whatever the input."""
    spelled = {meaning: spelling for spelling, meaning in names.items()}
    values = {meaning: _value(params, spelling) for spelling, meaning in names.items()}
    query = ExportQuery()
    criteria = query.criteria
    query.shown = {spelled[m]: v[:MAX_VALUE] for m, v in values.items() if v}

    since = _date(spelled["since"], values["since"])
    until = _date(spelled["until"], values["until"])
    if since and until and since > until:
        raise BadFilter(
            spelled["since"],
            _("Periode tidak masuk akal: tanggal awal (%(since)s) sesudah tanggal akhir (%(until)s).")
            % {"since": since.isoformat(), "until": until.isoformat()},
        )
    query.since, query.until = since, until

    code = values["institution"]
    if code:
        found = None
        if len(code) <= MAX_VALUE:
            found = Institution.objects.filter(code=code).only("id", "code", "name", "path").first()
        if found is None:
            raise BadFilter(
                spelled["institution"], _("Tidak ada instansi dengan kode “%(code)s”.") % {"code": _echo(code)}
            )
        criteria.institution = found

    code = values["region"]
    if code:
        if not REGION_CODE.fullmatch(code) or not Region.objects.filter(code=code).exists():
            raise BadFilter(
                spelled["region"],
                _("Kode wilayah “%(code)s” tidak dikenal (contoh: 33, 33.26, 33.26.01 atau 33.26.01.2001).")
                % {"code": _echo(code)},
            )
        criteria.region = code

    code = values["category"]
    if code:
        tree = CategoryTree()
        if code not in tree.by_code:
            raise BadFilter(
                spelled["category"], _("Tidak ada kategori dengan kode “%(code)s”.") % {"code": _echo(code)}
            )
        criteria.categories = tree.descendants(code)

    code = values["classification"]
    if code:
        if code not in Classification.values:
            raise BadFilter(
                spelled["classification"],
                _("Klasifikasi “%(value)s” tidak dikenal; pilih salah satu dari: %(choices)s.")
                % {"value": _echo(code), "choices": ", ".join(Classification.values)},
            )
        criteria.classification = code

    code = values["status"]
    if code:
        statuses = [value for value, _label in public_statuses()]
        if code not in statuses:
            raise BadFilter(
                spelled["status"],
                _("Status “%(value)s” tidak dikenal; pilih salah satu dari: %(choices)s.")
                % {"value": _echo(code), "choices": ", ".join(statuses)},
            )
        criteria.status = code
    return query


def _date(param: str, value: str) -> date | None:
    if not value:
        return None
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError(value)
        day = date.fromisoformat(value)
    except ValueError:
        raise BadFilter(
            param,
            _("Tanggal “%(value)s” pada %(param)s tidak valid; tulis TTTT-BB-HH, misalnya 2025-01-31.")
            % {"value": _echo(value), "param": param},
        ) from None
    latest = timezone.localdate() + AHEAD
    if not EARLIEST <= day <= latest:
        raise BadFilter(
            param,
            _("Tanggal %(value)s pada %(param)s di luar jangkauan data (%(first)s sampai %(last)s).")
            % {"value": value, "param": param, "first": EARLIEST.isoformat(), "last": latest.isoformat()},
        )
    return day
