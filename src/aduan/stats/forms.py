"""The filters of `/statistik/`: read once, cut to size, checked before any statistic is computed."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from aduan.institutions.models import Institution, Region
from aduan.public.filters import CategoryTree, region_choices
from aduan.reports.models import Category
from aduan.stats import period as periods
from aduan.stats.query import Scope, first_day

LIMITS = {"periode": 10, "dari": 10, "sampai": 10, "instansi": 64, "wilayah": 13, "kategori": 64}
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
REGION_CODE = re.compile(r"\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?")


@dataclass
class Selection:
    """What a statistics request asks for, once checked: `errors` empty means `scope` and `period` are set."""

    values: dict[str, str]
    scope: Scope = field(default_factory=Scope)
    period: periods.Period | None = None
    errors: list[str] = field(default_factory=list)

    def query(self, **changes: str) -> str:
        """The query string of this selection (with changes), for links and CSV exports."""
        values = {k: v for k, v in {**self.values, **changes}.items() if v}
        return urlencode(values)

    @property
    def region_choices(self) -> list[tuple[str, str]]:
        return region_choices(self.values.get("wilayah", ""))[0]

    @property
    def category_choices(self) -> list[tuple[str, str]]:
        return CategoryTree().choices()


def read(data: Mapping[str, Any], today: date) -> Selection:
    values = {}
    lengths = {}
    for name, limit in LIMITS.items():
        value = " ".join(CONTROL.sub(" ", str(data.get(name, "") or "")).split())
        lengths[name] = len(value)
        values[name] = value[:limit]
    selection = Selection(values)
    for name, limit in LIMITS.items():
        if lengths[name] > limit:
            selection.errors.append(_("Nilai “%(name)s” terlalu panjang.") % {"name": name})
    institution = region = category = None
    if values["instansi"]:
        institution = Institution.objects.filter(code=values["instansi"]).first()
        if institution is None:
            selection.errors.append(_("Instansi dengan kode “%(code)s” tidak dikenal.") % {"code": values["instansi"]})
    if values["wilayah"]:
        if REGION_CODE.fullmatch(values["wilayah"]):
            region = Region.objects.filter(code=values["wilayah"]).first()
        if region is None:
            selection.errors.append(_("Wilayah dengan kode “%(code)s” tidak dikenal.") % {"code": values["wilayah"]})
    if values["kategori"]:
        category = Category.objects.filter(code=values["kategori"]).first()
        if category is None:
            selection.errors.append(_("Kategori “%(code)s” tidak dikenal.") % {"code": values["kategori"]})
    try:
        selection.period = periods.parse(values["periode"], values["dari"], values["sampai"], today, first_day)
    except periods.BadPeriod as exc:
        selection.errors.append(str(exc))
    selection.scope = Scope(institution, region, category)
    return selection
