"""`/statistik/`, its CSV exports, the institution figures and the embeddable widget.

Views read `aduan.stats.query` only (aggregates, never a report's text); the widget's list of latest
answered reports comes from `reports.visibility.public_reports()`."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from aduan.institutions.models import Institution, Region
from aduan.reports.models import ArchiveReason
from aduan.reports.visibility import public_reports, public_text
from aduan.stats import charts, forms, query
from aduan.stats.period import PRESETS, Period

RANKED = 10
CSV_NAMES = ("ringkasan", "bulanan", "kategori", "wilayah", "peringkat")


@dataclass
class Page:
    summary: query.Summary
    months: list[tuple[date, int, int]]
    categories: list[query.Bar] | None
    provinces: list[dict[str, Any]] | None
    regencies: list[query.Bar] | None
    ranking: list[query.Rank] | None
    slowest: list[query.Rank]


def per_100k(n: int, population: int | None) -> float | None:
    return 100_000 * n / population if population else None


def compute(selection: forms.Selection, today: date, ranking: bool = True) -> Page:
    scope, period = selection.scope, selection.period
    assert period is not None
    summary = query.summary(scope, period, today)
    months = query.series(scope, period, today)
    categories = query.top_categories(scope, period, today)
    provinces = None
    counts = query.by_province(scope, period, today) if scope.region is None else None
    if counts is not None:
        provinces = [
            {"code": code, "name": name, "n": counts.get(code, 0), "rate": per_100k(counts.get(code, 0), population)}
            for code, (name, population) in sorted(query.provinces().items())
        ]
    regencies = query.by_regency(scope, period, today)
    ranks = query.ranking(scope, period, today) if ranking else None
    top, slowest = None, []
    if ranks is not None:
        ranked = [r for r in ranks if r.due >= query.RANK_MIN_DUE]
        top = query.with_medians(ranked[:RANKED], period, today)
        slowest = query.with_medians(list(reversed(ranked[RANKED:]))[:RANKED], period, today)
    return Page(summary, months, categories, provinces, regencies, top, slowest)


def _charts(page: Page, selection: forms.Selection) -> dict[str, Any]:
    result: dict[str, Any] = {
        "series": charts.series(page.months, (_("Diterima"), _("Ditanggapi")), "series"),
    }
    if page.categories:
        result["categories"] = charts.bars([(b.label, b.n) for b in page.categories], "categories")
    if page.provinces is not None:
        for p in page.provinces:
            p["link"] = "?" + selection.query(wilayah=p["code"])
        links = {p["code"]: p["link"] for p in page.provinces}
        result["map"] = charts.tile_map(
            {p["code"]: p["rate"] for p in page.provinces},
            {p["code"]: p["name"] for p in page.provinces},
            links,
            "map",
        )
    if page.regencies:
        populations = dict(
            Region.objects.filter(code__in=[b.key for b in page.regencies]).values_list("code", "population")
        )
        rates = [(b.label, per_100k(b.n, populations.get(b.key)) or 0.0) for b in page.regencies]
        result["regency_rates"] = list(zip(page.regencies, [r for _l, r in rates], strict=True))
        result["regencies"] = charts.bars(sorted(rates, key=lambda x: -x[1])[:20], "regencies")
    if page.ranking:
        result["ranking"] = charts.bars(
            [
                (r.institution.short_name or r.institution.name.removeprefix("Pemerintah "), round(r.share, 1))
                for r in page.ranking
            ],
            "ranking",
            unit="%",
        )
    return result


@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    selection = forms.read(request.GET, today)
    presets = [(key, label, "?" + selection.query(periode=key, dari="", sampai="")) for key, label in PRESETS.items()]
    context: dict[str, Any] = {"selection": selection, "presets": presets, "today": today}
    status = 200
    if selection.errors:
        status = 400
    else:
        try:
            page = compute(selection, today)
        except query.TooBroad as exc:
            selection.errors.append(str(exc))
            status = 400
        else:
            context.update(page=page, charts=_charts(page, selection), csv_query=selection.query())
    return render(request, "stats/statistics.html", context, status=status)


def _csv_response(name: str, header: list[str], rows: list[list[Any]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statistik-{name}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


@require_safe
def export(request: HttpRequest, name: str) -> HttpResponse:
    if name not in CSV_NAMES:
        raise Http404
    today = timezone.localdate()
    selection = forms.read(request.GET, today)
    if selection.errors:
        return HttpResponse("\n".join(selection.errors), status=400, content_type="text/plain; charset=utf-8")
    scope, period = selection.scope, selection.period
    assert period is not None
    try:
        if name == "ringkasan":
            s = query.summary(scope, period, today)
            rows = [[key, value] for key, value in summary_rows(s)]
            return _csv_response(name, ["ukuran", "nilai"], rows)
        if name == "bulanan":
            months = query.series(scope, period, today)
            return _csv_response(
                name, ["bulan", "diterima", "ditanggapi"], [[m.strftime("%Y-%m"), a, b] for m, a, b in months]
            )
        if name == "kategori":
            cats = query.top_categories(scope, period, today) or []
            return _csv_response(name, ["kode", "kategori", "diterima"], [[b.key, b.label, b.n] for b in cats])
        if name == "wilayah":
            if scope.region is not None and scope.region.level == Region.Level.PROVINCE:
                regs = query.by_regency(scope, period, today) or []
                pops = dict(Region.objects.filter(code__in=[b.key for b in regs]).values_list("code", "population"))
                rows = [
                    [b.key, b.label, b.n, pops.get(b.key) or "", _fmt(per_100k(b.n, pops.get(b.key)))] for b in regs
                ]
            else:
                counts = query.by_province(scope, period, today) or {}
                rows = [
                    [code, pname, counts.get(code, 0), pop or "", _fmt(per_100k(counts.get(code, 0), pop))]
                    for code, (pname, pop) in sorted(query.provinces().items())
                ]
            return _csv_response(name, ["kode", "wilayah", "diterima", "penduduk", "per_100000_penduduk"], rows)
        ranks = query.ranking(scope, period, today) or []
        ranks = query.with_medians(ranks, period, today)
        return _csv_response(
            name,
            [
                "peringkat",
                "kode",
                "instansi",
                "diterima",
                "ditanggapi",
                "tenggat",
                "tepat_waktu",
                "persen_tepat_waktu",
                "median_hari_kerja_tanggapan",
            ],
            [
                [
                    i + 1 if r.due >= query.RANK_MIN_DUE else "",
                    r.institution.code,
                    r.institution.name,
                    r.received,
                    r.responded,
                    r.due,
                    r.on_time,
                    _fmt(r.share if r.due else None),
                    _fmt(r.median_days),
                ]
                for i, r in enumerate(ranks)
            ],
        )
    except query.TooBroad as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")


def summary_rows(s: query.Summary) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = [
        ("diterima", s.received),
        ("diterima_pengaduan", s.received_complaint),
        ("diterima_aspirasi", s.received_aspiration),
        ("diterima_permintaan_informasi", s.received_information),
        ("per_100000_penduduk", _fmt(s.per_100k)),
        ("diverifikasi", s.verified),
        ("median_hari_kerja_verifikasi", _fmt(s.verify_median)),
        ("p90_hari_kerja_verifikasi", _fmt(s.verify_p90)),
        ("diarsipkan", s.archived),
    ]
    rows += [(f"diarsipkan_{value}", s.counts[f"archived_{value}"]) for value in ArchiveReason.values]
    rows += [
        ("ditanggapi", s.responded),
        ("median_hari_kerja_tanggapan", _fmt(s.response_median)),
        ("p90_hari_kerja_tanggapan", _fmt(s.response_p90)),
        ("tenggat_tindak_lanjut", s.due),
        ("ditanggapi_tepat_waktu", s.on_time),
        ("persen_tepat_waktu", _fmt(s.share_on_time)),
        ("selesai_dikonfirmasi_pelapor", s.confirmed),
        ("selesai_tanpa_tanggapan_pelapor", s.silence),
        ("laporan_dialihkan", s.transferred),
        ("jumlah_pengalihan", s.transfers),
    ]
    return rows


# --- one institution: its page and its widget ---


def institution_figures(institution: Institution, today: date | None = None) -> dict[str, Any]:
    """The figures of the institution's page: the last 12 months from the aggregates."""
    today = today or timezone.localdate()
    period = Period(today - timedelta(days=364), today, "365")
    scope = query.Scope(institution=institution)
    summary = query.summary(scope, period, today)
    months = query.series(scope, period, today)
    base = getattr(settings, "BASE_URL", "").rstrip("/")
    widget = base + reverse("stats-widget", args=[institution.slug])
    snippet = (
        f'<iframe src="{widget}" title="{_("Statistik pengaduan")} {institution.name}" width="100%" height="460" '
        f'style="border:0" loading="lazy"></iframe>'
    )
    return {
        "stats": summary,
        "stats_period": period,
        "stats_months": months,
        "stats_series": charts.series(months, (_("Diterima"), _("Ditanggapi")), "series"),
        "stats_query": f"instansi={institution.code}",
        "widget_snippet": snippet,
    }


WIDGET_LATEST = 5


@require_safe
@xframe_options_exempt
def widget(request: HttpRequest, slug: str) -> HttpResponse:
    """A small self-contained page for an institution's own website (an iframe)."""
    institution = get_object_or_404(
        Institution.objects.only("pk", "name", "slug", "code", "path", "population"), slug=slug
    )
    context = institution_figures(institution)
    # The institution and everything below it, as ids: an indexed IN instead of a join on the tree's paths.
    subtree = list(Institution.objects.filter(path__startswith=institution.path).values_list("pk", flat=True))
    found = (
        public_reports()
        .filter(Q(institution_id__in=subtree) | Q(unit_id__in=subtree), first_response_at__isnull=False)
        .select_related("reporter")
        .order_by("-responded_at")[:WIDGET_LATEST]
    )
    latest = [{"code": r.code, "title": public_text(r)[0], "responded_at": r.responded_at} for r in found]
    context.update(institution=institution, latest=latest, base_url=getattr(settings, "BASE_URL", "").rstrip("/"))
    response = render(request, "stats/widget.html", context)
    response["Content-Security-Policy"] = "frame-ancestors *"
    response["Cache-Control"] = "public, max-age=300"
    return response
