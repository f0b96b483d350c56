"""Indonesian working-day calendar used for every service deadline.

Working days
    A date is a working day when it is Monday to Friday and is neither a national public holiday
    (hari libur nasional) nor a collective-leave day (cuti bersama). Both come from the `holidays`
    package: ``country_holidays("ID", categories=(PUBLIC, GOVERNMENT))`` -- cuti bersama is the
    GOVERNMENT category, taken from the yearly SKB 3 Menteri / Keppres on cuti bersama ASN.
    Future Islamic holidays that no SKB has fixed yet are astronomical estimates, labelled
    "(perkiraan)".

Overrides
    ``aduan.core.models.CalendarOverride`` rows win over the package for their date:
    ``is_working_day=True`` makes any date a working day (a cancelled cuti bersama, even a Saturday
    declared a working day), ``is_working_day=False`` makes any date a holiday (a cuti bersama added
    after the SKB, a corrected isbat date).

Deadline semantics
    A deadline of N working days counted from moment T means:

    1. take D, the date of T in the instance time zone (``settings.TIME_ZONE``, default
       Asia/Jakarta);
    2. count N working days strictly after D -- the event's own day never counts, even when it is a
       working day and the event happens at 07:00;
    3. the deadline is the end of the N-th of those days, represented as the aware datetime of local
       midnight at the start of the following calendar day, so ``now >= due_at`` means overdue.

    Example: submitted Monday 2026-03-02 14:00 WIB with 3 working days -> Tue 3, Wed 4, Thu 5 ->
    ``due_at`` = 2026-03-06 00:00 WIB.

    ``working_days_between(start, end)`` is the inverse used for statistics: the number of working
    days d with ``start < d <= end``, so ``working_days_between(d, add_working_days(d, n)) == n``.

Caching
    The package's holidays are computed once per year per process (they never change while the
    process runs). A ``WorkingCalendar`` keeps a sorted index of working-day ordinals for the span
    of years it has been asked about, extended lazily, plus a memo of ``add_working_days`` results.
    ``get_calendar()`` returns a process-wide instance; the signal receivers in
    ``aduan.core.signals`` call ``invalidate_calendar()`` when an override is saved or deleted in
    this process, and every ``OVERRIDE_RECHECK_SECONDS`` the override table is re-read (one small
    query) so that other worker processes, bulk updates and rolled-back saves converge too.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_right
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from datetime import time as dt_time
from functools import cache

import holidays
from django.utils import timezone

HOLIDAY_COUNTRY = "ID"
HOLIDAY_CATEGORIES = (holidays.PUBLIC, holidays.GOVERNMENT)
# Pinned: with language=None the package guesses the language from the process locale
# (LANG=C.UTF-8 gives English names), which would make names differ between hosts.
HOLIDAY_LANGUAGE = "id"
# Name shown for a date an override turns into a holiday without giving a name.
DEFAULT_OVERRIDE_NAME = "Hari libur (koreksi kalender)"
# How long get_calendar() trusts its cached overrides before re-reading the table.
OVERRIDE_RECHECK_SECONDS = 60.0

_WORKDAYS_PER_YEAR_LOW_ESTIMATE = 200


@cache
def package_holidays(year: int) -> Mapping[date, str]:
    """Public holidays and cuti bersama of one year according to the `holidays` package."""
    found = holidays.country_holidays(
        HOLIDAY_COUNTRY, categories=HOLIDAY_CATEGORIES, years=year, language=HOLIDAY_LANGUAGE
    )
    return dict(found.items())


def local_date(moment: datetime) -> date:
    """The calendar date of an aware datetime in the instance time zone (settings.TIME_ZONE)."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def _years(first: int, last: int) -> range:
    return range(first, last + 1)


class WorkingCalendar:
    """Holidays for a span of years plus the overrides, loaded once; pure functions afterwards."""

    def __init__(
        self,
        overrides: Mapping[date, bool] | None = None,
        *,
        override_names: Mapping[date, str] | None = None,
    ) -> None:
        """``overrides`` maps a date to its forced working-day status; names are for display only."""
        self._overrides: dict[date, bool] = dict(overrides or {})
        self._override_names: dict[date, str] = dict(override_names or {})
        # (first year, last year, sorted ordinals of every working day in those years); replaced as a
        # whole so readers never see a half-built index.
        self._index: tuple[int, int, list[int]] | None = None
        self._index_lock = threading.Lock()
        self._added: dict[tuple[date, int], date] = {}

    @property
    def overrides(self) -> Mapping[date, bool]:
        return dict(self._overrides)

    @property
    def override_names(self) -> Mapping[date, str]:
        return dict(self._override_names)

    def is_working_day(self, day: date) -> bool:
        forced = self._overrides.get(day)
        if forced is not None:
            return forced
        return day.weekday() < 5 and day not in package_holidays(day.year)

    def holiday_name(self, day: date) -> str | None:
        """Why ``day`` is a holiday: override name, else package name; None for ordinary days.

        Package holidays that fall on a weekend keep their name; a date an override makes a working
        day has none.
        """
        forced = self._overrides.get(day)
        if forced is True:
            return None
        name = self._override_names.get(day) or package_holidays(day.year).get(day)
        if forced is False:
            return name or DEFAULT_OVERRIDE_NAME
        return name

    def add_working_days(self, start: date, days: int) -> date:
        """The date of the ``days``-th working day strictly after ``start`` (``days >= 1``)."""
        key = (start, days)
        found = self._added.get(key)
        if found is not None:
            return found
        if days < 1:
            raise ValueError(f"days must be >= 1, got {days}")
        first, last, ordinals = self._covering(start.year, start.year)
        start_ordinal = start.toordinal()
        position = bisect_right(ordinals, start_ordinal) + days - 1
        while position >= len(ordinals):
            missing_years = (position - len(ordinals)) // _WORKDAYS_PER_YEAR_LOW_ESTIMATE + 1
            first, last, ordinals = self._covering(first, last + missing_years)
            position = bisect_right(ordinals, start_ordinal) + days - 1
        found = date.fromordinal(ordinals[position])
        self._added[key] = found
        return found

    def working_days_between(self, start: date, end: date) -> int:
        """Number of working days d with ``start < d <= end``; 0 when ``end <= start``."""
        if end <= start:
            return 0
        _, _, ordinals = self._covering(start.year, end.year)
        return bisect_right(ordinals, end.toordinal()) - bisect_right(ordinals, start.toordinal())

    def due_at(self, moment: datetime, days: int) -> datetime:
        """Aware local midnight ending the ``days``-th working day after ``moment``'s local date."""
        last = self.add_working_days(local_date(moment), days)
        midnight = datetime.combine(last + timedelta(days=1), dt_time.min)
        return timezone.make_aware(midnight, timezone.get_default_timezone())

    def _covering(self, first_year: int, last_year: int) -> tuple[int, int, list[int]]:
        """The working-day index, extended if needed so it covers ``first_year..last_year``."""
        index = self._index
        if index is not None and index[0] <= first_year and last_year <= index[1]:
            return index
        with self._index_lock:
            index = self._index
            if index is not None:
                first_year, last_year = min(first_year, index[0]), max(last_year, index[1])
            ordinals = [
                ordinal
                for year in _years(first_year, last_year)
                for ordinal in range(date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal() + 1)
                if self.is_working_day(date.fromordinal(ordinal))
            ]
            index = (first_year, last_year, ordinals)
            self._index = index
            return index


class _CalendarCache:
    """Process-wide cached calendar; ``generation`` makes a load racing an invalidation lose."""

    def __init__(self) -> None:
        self.calendar: WorkingCalendar | None = None
        self.checked_at = 0.0
        self.generation = 0


_cache = _CalendarCache()


def _load_overrides() -> tuple[dict[date, bool], dict[date, str]]:
    from aduan.core.models import CalendarOverride

    overrides: dict[date, bool] = {}
    names: dict[date, str] = {}
    for day, is_working_day, name in CalendarOverride.objects.values_list("date", "is_working_day", "name"):
        overrides[day] = is_working_day
        if name:
            names[day] = name
    return overrides, names


def get_calendar() -> WorkingCalendar:
    """The process-wide calendar with the overrides from the database.

    Re-reads the (small) override table at most every ``OVERRIDE_RECHECK_SECONDS`` and keeps the
    existing instance, with its warm caches, when nothing changed.
    """
    calendar, generation = _cache.calendar, _cache.generation
    now = time.monotonic()
    if calendar is not None and now - _cache.checked_at < OVERRIDE_RECHECK_SECONDS:
        return calendar
    overrides, names = _load_overrides()
    if calendar is None or calendar.overrides != overrides or calendar.override_names != names:
        calendar = WorkingCalendar(overrides, override_names=names)
    if _cache.generation == generation:
        _cache.calendar, _cache.checked_at = calendar, now
    return calendar


def invalidate_calendar() -> None:
    """Drop the cached calendar; the next ``get_calendar()`` reloads the overrides."""
    _cache.generation += 1
    _cache.calendar = None
    _cache.checked_at = 0.0
