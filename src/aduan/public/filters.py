"""The filters of the public list (`/laporan/`): parsed, checked, and turned into one bounded query.

A bad value never breaks the page: the field says what is wrong and that filter is left out, so the
reader still gets a list and knows it is wider than asked. Every lookup here is one query at most,
whatever the input (a 10,000-character keyword, a made-up code)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aduan.institutions.models import Institution, Region
from aduan.public.labels import public_statuses
from aduan.reports.models import Category, Classification, Report
from aduan.search import query as search
from aduan.search.text import MAX_QUERY_TERMS, Query, QueryError, parse
from aduan.web.widgets import FastSelect

MAX_QUERY = 200
MAX_FACET_TERMS = 300  # an institution's subtree as index terms; a larger one is filtered on the reports
MAX_CODE = 64
PER_PAGE = 20
MAX_PAGE_DIGITS = 7
MAX_REGION = 13
# How much of each parameter is read at all.
LIMITS = {
    "q": MAX_QUERY,
    "wilayah": MAX_REGION,
    "kategori": MAX_CODE,
    "klasifikasi": 40,
    "status": 40,
    "instansi": MAX_CODE,
    "dari": 10,
    "sampai": 10,
}
EARLIEST = date(2000, 1, 1)  # no report is older; a period before it is a typo
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
REGION_CODE = re.compile(r"\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?")
INDENT = "\u00a0\u00a0\u00a0"  # read as nothing by screen readers, unlike dashes


class CategoryTree:
    """All categories, loaded once (a few hundred rows at most), with each one's descendants."""

    def __init__(self) -> None:
        self.rows = list(Category.objects.filter(active=True).values_list("id", "code", "name", "parent_id"))
        self.by_code = {code: pk for pk, code, _name, _parent in self.rows}
        self.children: dict[int | None, list[tuple[int, str, str]]] = {}
        for pk, code, name, parent in self.rows:
            self.children.setdefault(parent, []).append((pk, code, name))

    def descendants(self, code: str) -> list[int]:
        """The category and everything below it."""
        found, todo = [], [self.by_code[code]]
        while todo:
            pk = todo.pop()
            found.append(pk)
            todo.extend(child for child, _code, _name in self.children.get(pk, []))
        return found

    def choices(self) -> list[tuple[str, str]]:
        """Parents then their children, indented; categories whose parent is inactive come at the top level."""
        known = {pk for pk, *_rest in self.rows}
        result: list[tuple[str, str]] = [("", _("Semua kategori"))]

        def walk(parent: int | None, depth: int) -> None:
            for pk, code, name in self.children.get(parent, []):
                result.append((code, INDENT * depth + name))
                walk(pk, depth + 1)

        walk(None, 0)
        for parent in self.children:
            if parent is not None and parent not in known:
                walk(parent, 0)
        return result


def region_choices(selected: str) -> tuple[list[tuple[str, str]], set[str]]:
    """Provinces, and below each region on the way to the chosen one its children, so a reader without
    JavaScript narrows down one level per search. One query. Returns the choices and the codes offered."""
    chain = Region(code=selected).ancestor_codes() if selected and REGION_CODE.fullmatch(selected) else []
    query = Q(level=Region.Level.PROVINCE)
    if chain:
        query |= Q(parent_id__in=chain[: Region.Level.VILLAGE - 1])
    found = list(Region.objects.filter(query).order_by("code").values_list("code", "name", "level"))
    choices = [("", _("Seluruh Indonesia"))] + [(code, INDENT * (level - 1) + name) for code, name, level in found]
    return choices, {code for code, _name, _level in found}


@dataclass
class Criteria:
    """What the list is filtered by, once checked."""

    q: str = ""
    institution: Institution | None = None
    region: str = ""
    categories: list[int] = field(default_factory=list)
    classification: str = ""
    status: str = ""
    since: date | None = None
    until: date | None = None
    search: Query | None = None  # the parsed `q` (aduan.search), when it has words to search for

    @property
    def active(self) -> bool:
        return bool(
            self.q
            or self.institution
            or self.region
            or self.categories
            or self.classification
            or self.status
            or self.since
            or self.until
        )

    def apply(self, reports: QuerySet[Report]) -> QuerySet[Report] | search.Ranked:
        """The filtered reports, ordered: by relevance when there is a search (a bounded `search.Ranked`,
        which the paginator reads like a queryset), newest first otherwise."""
        reports = self.filter(reports)
        if self.search is not None:
            facets, exact = self.facets()
            return search.search(reports, self.search, narrowed=not exact, facets=facets)
        return reports.order_by("-submitted_at", "-pk")

    def facets(self) -> tuple[list[list[str]], bool]:
        """The filters as groups of search-index terms (`search.index.facets`), and whether those groups
        express every filter exactly (then the index alone answers; otherwise the reports are checked too)."""
        groups: list[list[str]] = []
        exact = self.since is None and self.until is None
        if self.status:
            groups.append([f"~s{self.status}"])
        if self.classification:
            groups.append([f"~k{self.classification}"])
        if self.categories:
            groups.append([f"~c{pk}" for pk in self.categories])
        if self.region:
            groups.append([f"~p{self.region}"] if len(self.region) == 2 else [f"~r{self.region[:5].replace('.', '')}"])
            exact = exact and len(self.region) in (2, 5)
        if self.institution is not None:
            below = list(self.institution.subtree().values_list("pk", flat=True)[: MAX_FACET_TERMS + 1])
            if len(below) <= MAX_FACET_TERMS:
                groups.append([f"~h{pk}" for pk in below])
            else:
                exact = False
        return groups, exact

    def filter(self, reports: QuerySet[Report]) -> QuerySet[Report]:
        if self.since is not None:
            reports = reports.filter(submitted_at__gte=_day_start(self.since))
        if self.until is not None:
            reports = reports.filter(submitted_at__lt=_day_start(self.until + timedelta(days=1)))
        if self.institution is not None:
            path = self.institution.path
            reports = reports.filter(Q(institution__path__startswith=path) | Q(unit__path__startswith=path))
        if self.region:
            reports = _in_region(reports, self.region)
        if self.categories:
            reports = reports.filter(category_id__in=self.categories)
        if self.classification:
            reports = reports.filter(classification=self.classification)
        if self.status:
            reports = reports.filter(status=self.status)
        return reports


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _in_region(reports: QuerySet[Report], code: str) -> QuerySet[Report]:
    """Reports in a region and below it. Provinces and regencies are compared on the code's prefix
    expression that the public partial indexes hold (`report_public_province`/`_regency`)."""
    if len(code) in (2, 5):
        return reports.alias(region_prefix=Substr("region_id", 1, len(code))).filter(region_prefix=code)
    return reports.filter(Q(region_id=code) | Q(region__code__startswith=code + "."))


class ReportFilter(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Kata kunci"),
        required=False,
        help_text=gettext_lazy("Dicari pada judul dan isi laporan."),
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY}),
    )
    wilayah = forms.CharField(
        label=gettext_lazy("Wilayah"),
        required=False,
        help_text=gettext_lazy("Pilih provinsi lalu tekan Tampilkan untuk memilih kabupaten/kota di dalamnya."),
        widget=FastSelect,
    )
    kategori = forms.CharField(label=gettext_lazy("Kategori"), required=False, widget=FastSelect)
    klasifikasi = forms.ChoiceField(label=gettext_lazy("Klasifikasi"), required=False, widget=FastSelect)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False, widget=FastSelect)
    dari = forms.DateField(
        label=gettext_lazy("Dikirim sejak"),
        required=False,
        help_text=gettext_lazy("Tanggal, misalnya 2025-01-31."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    sampai = forms.DateField(
        label=gettext_lazy("Dikirim sampai"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    instansi = forms.CharField(
        label=gettext_lazy("Kode instansi"),
        required=False,
        help_text=gettext_lazy("Misalnya pemkab-33-26; termasuk unit kerja di bawahnya."),
        widget=forms.TextInput(attrs={"maxlength": MAX_CODE, "autocapitalize": "none", "spellcheck": "false"}),
    )

    def __init__(self, data: Mapping[str, Any], *, categories: CategoryTree | None = None) -> None:
        # Each value is read once, stripped of control characters and cut to its limit before anything
        # looks at it (the form echoes values back: a 10,000-character one must not be).
        self.lengths: dict[str, int] = {}
        bounded: dict[str, str] = {}
        for name, limit in LIMITS.items():
            value = " ".join(CONTROL.sub(" ", str(data.get(name, "") or "")).split())
            self.lengths[name] = len(value)
            bounded[name] = value[:limit]
        super().__init__(bounded)
        self.tree = categories or CategoryTree()
        region_options, self.region_codes = region_choices(bounded["wilayah"])
        self.fields["wilayah"].widget.choices = region_options
        self.fields["kategori"].widget.choices = self.tree.choices()
        self.fields["klasifikasi"].choices = [("", _("Semua klasifikasi")), *Classification.choices]
        self.fields["status"].choices = [("", _("Semua status")), *public_statuses()]
        ignored = _("Penyaring ini diabaikan.")
        self.fields["klasifikasi"].error_messages["invalid_choice"] = (
            _("Klasifikasi “%(value)s” tidak dikenal.") + " " + ignored
        )
        self.fields["status"].error_messages["invalid_choice"] = _("Status “%(value)s” tidak dikenal.") + " " + ignored
        for name in ("dari", "sampai"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
            self.fields[name].error_messages["invalid"] = _(
                "Tanggal tidak valid; tulis seperti 2025-01-31. Penyaring ini diabaikan."
            )
        self.institution: Institution | None = None
        self.search: Query | None = None
        self.notices: list[str] = []

    def clean_q(self) -> str:
        if self.lengths["q"] > MAX_QUERY:
            raise forms.ValidationError(
                _("Kata kunci paling panjang %(max)d karakter (yang dikirim %(n)d). Kata kunci diabaikan.")
                % {"max": MAX_QUERY, "n": self.lengths["q"]}
            )
        q = self.cleaned_data["q"]
        if q:
            try:
                self.search = parse(q)
            except QueryError as exc:
                raise forms.ValidationError(exc.message + " " + _("Kata kunci diabaikan.")) from exc
            if self.search.dropped:
                self.notices.append(
                    _("Hanya %(max)d kata pertama dari kata kunci yang dicari.") % {"max": MAX_QUERY_TERMS}
                )
        return q

    def _clean_day(self, name: str) -> date | None:
        day = self.cleaned_data[name]
        if day is not None and not (EARLIEST <= day <= timezone.localdate() + timedelta(days=366)):
            raise forms.ValidationError(
                _("Tanggal %(day)s di luar rentang yang masuk akal. Penyaring ini diabaikan.")
                % {"day": day.isoformat()}
            )
        return day

    def clean_dari(self) -> date | None:
        return self._clean_day("dari")

    def clean_sampai(self) -> date | None:
        return self._clean_day("sampai")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        since, until = data.get("dari"), data.get("sampai")
        if since and until and since > until:
            self.add_error(
                "sampai",
                _("Tanggal akhir (%(until)s) lebih awal dari tanggal mulai (%(since)s). Penyaring ini diabaikan.")
                % {"since": since.isoformat(), "until": until.isoformat()},
            )
        return data

    def _too_long(self, name: str) -> bool:
        return self.lengths[name] > LIMITS[name]

    def clean_instansi(self) -> str:
        code = self.cleaned_data["instansi"]
        if not code:
            return ""
        if not self._too_long("instansi"):
            self.institution = Institution.objects.filter(code=code).only("id", "code", "name", "path", "slug").first()
        if self.institution is None:
            raise forms.ValidationError(
                _("Tidak ada instansi dengan kode “%(code)s”. Penyaring ini diabaikan.") % {"code": code}
            )
        return code

    def clean_wilayah(self) -> str:
        code = self.cleaned_data["wilayah"]
        if code and (self._too_long("wilayah") or code not in self.region_codes):
            raise forms.ValidationError(
                _("Kode wilayah “%(code)s” tidak dikenal (contoh: 33, 33.26 atau 33.26.01). Penyaring ini diabaikan.")
                % {"code": code}
            )
        return code

    def clean_kategori(self) -> str:
        code = self.cleaned_data["kategori"]
        if code and (self._too_long("kategori") or code not in self.tree.by_code):
            raise forms.ValidationError(
                _("Tidak ada kategori dengan kode “%(code)s”. Penyaring ini diabaikan.") % {"code": code}
            )
        return code

    def criteria(self) -> Criteria:
        """The filters that passed their checks (call after `is_valid()`)."""
        data = getattr(self, "cleaned_data", {})
        return Criteria(
            q=data.get("q", ""),
            institution=self.institution if data.get("instansi") else None,
            region=data.get("wilayah", ""),
            categories=self.tree.descendants(data["kategori"]) if data.get("kategori") else [],
            classification=data.get("klasifikasi", ""),
            status=data.get("status", ""),
            since=data.get("dari"),
            until=data.get("sampai"),
            search=self.search if data.get("q") else None,
        )


# Counting every public report on each page view scans the whole table at national scale; the list is
# for browsing, so it counts at most this many (shown as “1.000+”) and search or filters narrow it.
MAX_COUNTED = 1000


class BoundedPaginator(Paginator):
    """A paginator whose COUNT reads at most MAX_COUNTED + 1 rows (a LIMITed subquery), in one query."""

    @cached_property
    def _counted(self) -> int:
        # Without ORDER BY: a sorted subquery would sort every match before the LIMIT.
        return self.object_list.order_by()[: MAX_COUNTED + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, MAX_COUNTED)

    @cached_property
    def capped(self) -> bool:
        return self._counted > MAX_COUNTED


def paginate(reports: QuerySet[Report], raw: str | None, per_page: int = PER_PAGE) -> tuple[Page, str]:
    """The page asked for by `halaman`, and a message when it had to be another one."""
    paginator = BoundedPaginator(reports, per_page)
    raw = (raw or "").strip()
    number, message = 1, ""
    if raw:
        if raw.isdecimal() and len(raw) <= MAX_PAGE_DIGITS and int(raw) >= 1:
            number = int(raw)
        else:
            message = _("Nomor halaman “%(value)s” tidak valid; ditampilkan halaman 1.") % {"value": raw[:20]}
    if number > paginator.num_pages:
        message = _("Halaman %(number)d tidak ada; ditampilkan halaman terakhir (%(last)d).") % {
            "number": number,
            "last": paginator.num_pages,
        }
        number = paginator.num_pages
    return paginator.page(number), message
