"""The period of a statistics page: presets or dari/sampai dates, validated before any query runs, and
its cover by whole years, whole months and single days (a bounded number of aggregate rows)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EARLIEST = date(2000, 1, 1)
MAX_YEARS = 20
PRESETS = {
    "30": gettext_lazy("30 hari terakhir"),
    "365": gettext_lazy("12 bulan terakhir"),
    "tahun": gettext_lazy("Tahun ini"),
    "semua": gettext_lazy("Semua"),
}
DEFAULT_PRESET = "365"


class BadPeriod(ValueError):
    """A period that cannot be answered; the message is for the citizen (Indonesian)."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    preset: str = ""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def parse(
    preset: str | None, start: str | None, end: str | None, today: date, first_day: Callable[[], date | None]
) -> Period:
    """`first_day` gives the day of the first report (asked only when the period starts there)."""
    start, end, preset = (start or "").strip(), (end or "").strip(), (preset or "").strip()
    if start or end:
        a = _date(start, _("Tanggal awal")) if start else None
        b = _date(end, _("Tanggal akhir")) if end else today
        if a is None:
            a = max(first_day() or b, EARLIEST, _years_before(b))
        return check(Period(a, b), today)
    preset = preset or DEFAULT_PRESET
    if preset == "30":
        return Period(today - timedelta(days=29), today, preset)
    if preset == "365":
        return Period(today - timedelta(days=364), today, preset)
    if preset == "tahun":
        return Period(today.replace(month=1, day=1), today, preset)
    if preset == "semua":
        return Period(max(first_day() or today, EARLIEST, _years_before(today)), today, preset)
    raise BadPeriod(_("Pilihan periode tidak dikenal: %(value)s.") % {"value": preset[:40]})


def check(period: Period, today: date) -> Period:
    if period.start > period.end:
        raise BadPeriod(_("Tanggal awal harus sebelum atau sama dengan tanggal akhir."))
    if period.start < EARLIEST:
        raise BadPeriod(_("Statistik tersedia mulai 1 Januari 2000."))
    if period.end > today:
        raise BadPeriod(_("Tanggal akhir tidak boleh melewati hari ini."))
    if period.start < _years_before(period.end):
        raise BadPeriod(_("Periode paling panjang %(n)d tahun.") % {"n": MAX_YEARS})
    return period


def _date(value: str, what: str) -> date:
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise BadPeriod(
            _("%(what)s tidak valid: gunakan format TTTT-BB-HH, misalnya 2025-01-31.") % {"what": what}
        ) from None


def _years_before(day: date) -> date:
    try:
        return day.replace(year=day.year - MAX_YEARS)
    except ValueError:  # 29 February
        return day.replace(year=day.year - MAX_YEARS, day=28)


def _month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def cover(period: Period, today: date, years: bool = True) -> list[tuple[str, date, date]]:
    """(grain, first, last) ranges of aggregate rows that add up to exactly the period. A month or year
    counts as whole only when it has ended before today (so no deadline that falls today is counted)."""
    limit = min(period.end, today - timedelta(days=1))
    pieces: list[tuple[str, date]] = []
    day = period.start
    while day <= period.end:
        if years and day.month == 1 and day.day == 1 and date(day.year, 12, 31) <= limit:
            pieces.append(("y", day))
            day = date(day.year + 1, 1, 1)
        elif day.day == 1 and _month_end(day) <= limit:
            pieces.append(("m", day))
            day = _month_end(day) + timedelta(days=1)
        else:
            pieces.append(("d", day))
            day += timedelta(days=1)
    ranges: list[tuple[str, date, date]] = []
    for grain, first in pieces:
        if ranges and ranges[-1][0] == grain:
            ranges[-1] = (grain, ranges[-1][1], first)
        else:
            ranges.append((grain, first, first))
    return ranges
