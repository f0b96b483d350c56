"""Working-day calendar, checked against the published SKB 3 Menteri dates.

2026: SKB Menteri Agama, Menteri Ketenagakerjaan and Menteri PANRB No. 1497/2025, 2/2025, 5/2025
(announced by the Menko PMK on 19 September 2025; cuti bersama ASN confirmed by Keppres 42/2025):
17 national holidays and 8 cuti bersama days -- Idul Fitri 1447 H on Sat-Sun 21-22 March 2026, cuti
bersama 16 Feb (Imlek), 18 Mar (Nyepi), 20, 23, 24 Mar (Idul Fitri), 15 May (Kenaikan Yesus
Kristus), 28 May (Idul Adha) and 24 Dec (Natal).

2025: SKB 2025 cuti bersama Natal is Fri 26 Dec 2025 (not 24 Dec).

2027: SKB on 2027 national holidays and cuti bersama (setneg.go.id, September 2026), as encoded in
holidays 0.108: cuti bersama 5 Feb, 9, 12, 15 Mar (Idul Fitri), 25 Mar (Wafat Yesus Kristus),
18 May (Idul Adha), 19 May (Waisak), 24 Dec (Natal); Nyepi Mon 8 Mar. The package still labels the
2027 Idul Fitri (Wed-Thu 10-11 Mar) and Idul Adha (Mon 17 May) dates "(perkiraan)".
"""

from __future__ import annotations

import sys
import types
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aduan.core import calendar as calendar_module
from aduan.core.calendar import WorkingCalendar, get_calendar, invalidate_calendar, package_holidays
from aduan.core.models import CalendarOverride

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def cal() -> WorkingCalendar:
    return WorkingCalendar()


@pytest.fixture(autouse=True)
def _jakarta(settings):
    settings.TIME_ZONE = "Asia/Jakarta"


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


def cuti_bersama(year: int) -> set[date]:
    return set(holidays.country_holidays("ID", categories=holidays.GOVERNMENT, years=year))


# --- the package data we rely on ---------------------------------------------------------------


def test_package_cuti_bersama_2026_matches_skb():
    assert cuti_bersama(2026) == {
        date(2026, 2, 16),
        date(2026, 3, 18),
        date(2026, 3, 20),
        date(2026, 3, 23),
        date(2026, 3, 24),
        date(2026, 5, 15),
        date(2026, 5, 28),
        date(2026, 12, 24),
    }


def test_package_public_holidays_2026_match_skb():
    public = set(holidays.country_holidays("ID", categories=holidays.PUBLIC, years=2026))
    assert public == {
        date(2026, 1, 1),  # Tahun Baru Masehi
        date(2026, 1, 16),  # Isra Mikraj
        date(2026, 2, 17),  # Imlek 2577
        date(2026, 3, 19),  # Nyepi, Saka 1948
        date(2026, 3, 21),  # Idul Fitri 1447 H
        date(2026, 3, 22),  # Idul Fitri 1447 H, day 2
        date(2026, 4, 3),  # Wafat Yesus Kristus
        date(2026, 4, 5),  # Paskah
        date(2026, 5, 1),  # Hari Buruh
        date(2026, 5, 14),  # Kenaikan Yesus Kristus
        date(2026, 5, 27),  # Idul Adha 1447 H
        date(2026, 5, 31),  # Waisak 2570 BE
        date(2026, 6, 1),  # Hari Lahir Pancasila
        date(2026, 6, 16),  # Tahun Baru Islam 1448 H
        date(2026, 8, 17),  # Kemerdekaan
        date(2026, 8, 25),  # Maulid Nabi
        date(2026, 12, 25),  # Natal
    }


def test_package_cuti_bersama_2027_matches_skb():
    assert cuti_bersama(2027) == {
        date(2027, 2, 5),
        date(2027, 3, 9),
        date(2027, 3, 12),
        date(2027, 3, 15),
        date(2027, 3, 25),
        date(2027, 5, 18),
        date(2027, 5, 19),
        date(2027, 12, 24),
    }


def test_package_christmas_cuti_bersama_as_published():
    assert date(2025, 12, 26) in cuti_bersama(2025)
    assert date(2025, 12, 24) not in cuti_bersama(2025)
    assert date(2026, 12, 24) in cuti_bersama(2026)


# --- hand-counted deadlines around published holidays --------------------------------------------


def test_idul_fitri_2026_three_and_five_working_days(cal):
    submitted = wib(2026, 3, 18, 10, 0)  # Wed 18 Mar 2026, itself cuti bersama Nyepi
    # Hand count, starting the day after submission:
    #   Thu 19 Nyepi, Fri 20 cuti bersama, Sat 21 / Sun 22 Idul Fitri (weekend anyway),
    #   Mon 23 and Tue 24 cuti bersama -> no working day until
    #   Wed 25 = 1, Thu 26 = 2, Fri 27 = 3, (Sat 28, Sun 29), Mon 30 = 4, Tue 31 = 5.
    assert cal.add_working_days(date(2026, 3, 18), 3) == date(2026, 3, 27)
    assert cal.due_at(submitted, 3) == wib(2026, 3, 28, 0, 0)
    assert cal.add_working_days(date(2026, 3, 18), 5) == date(2026, 3, 31)
    assert cal.due_at(submitted, 5) == wib(2026, 4, 1, 0, 0)


def test_tuesday_before_idul_fitri_2026_waits_for_the_whole_break(cal):
    # Tue 17 Mar: Wed 18 (cuti bersama Nyepi) .. Tue 24 are all off; Wed 25 is the first working day.
    assert cal.add_working_days(date(2026, 3, 17), 1) == date(2026, 3, 25)
    break_days = [date(2026, 3, 17) + timedelta(days=i) for i in range(1, 8)]
    assert not any(cal.is_working_day(d) for d in break_days)


def test_idul_fitri_2027_three_and_five_working_days(cal):
    submitted = wib(2027, 3, 5, 16, 45)  # Fri 5 Mar 2027
    # Hand count: Sat 6 / Sun 7 weekend, Mon 8 Nyepi, Tue 9 cuti bersama, Wed 10 / Thu 11 Idul Fitri,
    #   Fri 12 cuti bersama, Sat 13 / Sun 14 weekend, Mon 15 cuti bersama, then
    #   Tue 16 = 1, Wed 17 = 2, Thu 18 = 3, Fri 19 = 4, (Sat 20, Sun 21), Mon 22 = 5.
    assert cal.due_at(submitted, 3) == wib(2027, 3, 19, 0, 0)
    assert cal.due_at(submitted, 5) == wib(2027, 3, 23, 0, 0)
    # Ten days reach the Easter cuti bersama: Tue 23 = 6, Wed 24 = 7, Thu 25 cuti bersama,
    #   Fri 26 Wafat Yesus Kristus, Mon 29 = 8, Tue 30 = 9, Wed 31 = 10.
    assert cal.add_working_days(date(2027, 3, 5), 10) == date(2027, 3, 31)


def test_idul_adha_and_waisak_2027(cal):
    # Fri 14 May 2027: Mon 17 Idul Adha, Tue 18 and Wed 19 cuti bersama, Thu 20 Waisak,
    #   Fri 21 = 1, Mon 24 = 2, Tue 25 = 3.
    assert cal.due_at(wib(2027, 5, 14, 9, 0), 3) == wib(2027, 5, 26, 0, 0)


def test_christmas_2025_cuti_bersama_on_the_26th(cal):
    # Wed 24 Dec 2025 is an ordinary working day; Thu 25 Natal, Fri 26 cuti bersama, weekend,
    #   so one working day after the 24th is Mon 29 Dec.
    assert cal.is_working_day(date(2025, 12, 24))
    assert cal.add_working_days(date(2025, 12, 24), 1) == date(2025, 12, 29)


def test_christmas_2026_cuti_bersama_on_the_24th(cal):
    # Wed 23 Dec 2026: Thu 24 cuti bersama, Fri 25 Natal, Sat 26 / Sun 27 weekend -> Mon 28 Dec.
    assert cal.add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 28)
    assert cal.holiday_name(date(2026, 12, 24)) == "Cuti Bersama Hari Raya Natal"
    assert cal.holiday_name(date(2026, 12, 26)) is None  # an ordinary Saturday in 2026
    assert not cal.is_working_day(date(2026, 12, 26))


def test_new_year_crosses_the_year_boundary(cal):
    # Mon 29 Dec 2025: Tue 30 = 1, Wed 31 = 2, Thu 1 Jan 2026 Tahun Baru, Fri 2 Jan = 3.
    assert cal.add_working_days(date(2025, 12, 29), 3) == date(2026, 1, 2)


# --- basic rules ---------------------------------------------------------------------------------


def test_documented_example(cal):
    # Mon 2 Mar 2026 14:00 WIB, 3 working days: Tue 3, Wed 4, Thu 5 -> Fri 6 Mar 00:00 WIB.
    assert cal.due_at(wib(2026, 3, 2, 14, 0), 3) == wib(2026, 3, 6, 0, 0)


def test_weekends_are_skipped(cal):
    # Thu 5 Mar 2026: Fri 6 = 1, Sat 7 / Sun 8 skipped, Mon 9 = 2.
    assert cal.add_working_days(date(2026, 3, 5), 2) == date(2026, 3, 9)
    # Submitted on a Saturday: Mon 9 = 1.
    assert cal.add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)


def test_event_day_never_counts(cal):
    # Early on Monday morning still counts from Tuesday.
    assert cal.due_at(wib(2026, 3, 2, 0, 1), 1) == wib(2026, 3, 4, 0, 0)
    assert cal.due_at(wib(2026, 3, 2, 23, 59), 1) == wib(2026, 3, 4, 0, 0)


def test_local_date_decides_not_utc_date(cal):
    # 2026-03-02 17:30 UTC is already Tue 3 Mar 00:30 WIB, so counting starts after Tuesday.
    moment = datetime(2026, 3, 2, 17, 30, tzinfo=UTC)
    assert cal.due_at(moment, 1) == wib(2026, 3, 5, 0, 0)


def test_days_must_be_positive(cal):
    with pytest.raises(ValueError, match="days must be >= 1"):
        cal.add_working_days(date(2026, 3, 2), 0)


def test_add_working_days_is_memoised(cal):
    first = cal.add_working_days(date(2026, 3, 18), 5)
    assert cal._added[(date(2026, 3, 18), 5)] == first
    assert cal.add_working_days(date(2026, 3, 18), 5) == first


def test_far_deadlines_extend_the_index(cal):
    # 240 working days in 2026 (261 weekdays minus 21 weekday holidays / cuti bersama).
    assert cal.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 240
    far = cal.add_working_days(date(2026, 1, 1), 1000)
    assert cal.working_days_between(date(2026, 1, 1), far) == 1000
    assert cal.is_working_day(far)


# --- holiday names -------------------------------------------------------------------------------


def test_holiday_names(cal):
    assert cal.holiday_name(date(2026, 3, 20)) == "Cuti Bersama Hari Raya Idul Fitri"
    assert cal.holiday_name(date(2026, 3, 21)) == "Hari Raya Idul Fitri"  # a Saturday keeps its name
    assert cal.holiday_name(date(2027, 3, 10)) == "Hari Raya Idul Fitri (perkiraan)"
    assert cal.holiday_name(date(2026, 3, 4)) is None  # ordinary Wednesday
    assert cal.holiday_name(date(2026, 3, 7)) is None  # ordinary Saturday


def test_package_names_do_not_depend_on_the_process_locale(monkeypatch):
    package_holidays.cache_clear()
    monkeypatch.setenv("LANGUAGE", "en_US")
    try:
        assert package_holidays(2026)[date(2026, 8, 17)] == "Hari Kemerdekaan Republik Indonesia"
    finally:
        package_holidays.cache_clear()


# --- overrides -----------------------------------------------------------------------------------


def test_override_makes_a_weekday_a_holiday():
    # Mon 2 Mar 2026 + 3 is Thu 5 Mar; declaring Wed 4 Mar a holiday pushes it to Fri 6 Mar.
    cal = WorkingCalendar({date(2026, 3, 4): False}, override_names={date(2026, 3, 4): "Libur daerah"})
    assert not cal.is_working_day(date(2026, 3, 4))
    assert cal.add_working_days(date(2026, 3, 2), 3) == date(2026, 3, 6)
    assert cal.due_at(wib(2026, 3, 2, 14, 0), 3) == wib(2026, 3, 7, 0, 0)
    assert cal.holiday_name(date(2026, 3, 4)) == "Libur daerah"
    unnamed = WorkingCalendar({date(2026, 3, 4): False})
    assert unnamed.holiday_name(date(2026, 3, 4)) == "Hari libur (koreksi kalender)"


def test_override_makes_a_holiday_a_working_day():
    # Cancelling the cuti bersama of Tue 24 Mar 2026 (as was done with cuti bersama in 2020-2021):
    #   after Wed 18 Mar the working days become Tue 24 = 1, Wed 25 = 2, Thu 26 = 3.
    cal = WorkingCalendar({date(2026, 3, 24): True})
    assert cal.add_working_days(date(2026, 3, 18), 3) == date(2026, 3, 26)
    assert cal.holiday_name(date(2026, 3, 24)) is None


def test_override_can_make_a_saturday_a_working_day():
    cal = WorkingCalendar({date(2026, 3, 7): True})
    assert cal.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 7)
    assert cal.working_days_between(date(2026, 3, 6), date(2026, 3, 9)) == 2


def test_override_corrects_2027_with_a_later_cuti_bersama():
    # The 2027 SKB has no cuti bersama after Kenaikan Yesus Kristus (Thu 6 May 2027); had the
    # government added Fri 7 May later (as it added 18 Aug 2025 after the 2025 SKB), an override fixes it.
    # Package: Wed 5 May + 2 -> Thu 6 holiday, Fri 7 = 1, Mon 10 = 2.
    assert WorkingCalendar().add_working_days(date(2027, 5, 5), 2) == date(2027, 5, 10)
    # With the override: Mon 10 = 1, Tue 11 = 2.
    cal = WorkingCalendar({date(2027, 5, 7): False}, override_names={date(2027, 5, 7): "Cuti Bersama"})
    assert cal.add_working_days(date(2027, 5, 5), 2) == date(2027, 5, 11)


# --- working_days_between --------------------------------------------------------------------


def test_working_days_between_examples(cal):
    assert cal.working_days_between(date(2026, 3, 2), date(2026, 3, 6)) == 4  # Tue..Fri
    assert cal.working_days_between(date(2026, 3, 2), date(2026, 3, 8)) == 4  # weekend adds nothing
    assert cal.working_days_between(date(2026, 3, 2), date(2026, 3, 9)) == 5
    assert cal.working_days_between(date(2026, 3, 18), date(2026, 3, 24)) == 0  # Nyepi + Lebaran break
    assert cal.working_days_between(date(2026, 3, 18), date(2026, 3, 27)) == 3
    assert cal.working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0
    assert cal.working_days_between(date(2026, 3, 6), date(2026, 3, 2)) == 0
    assert cal.working_days_between(date(2025, 12, 29), date(2026, 1, 2)) == 3  # 30, 31 Dec, 2 Jan


@given(
    start=st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)),
    days=st.integers(min_value=1, max_value=60),
)
def test_add_and_between_agree_with_a_naive_walk(start, days):
    cal = WorkingCalendar({date(2026, 3, 24): True, date(2026, 3, 4): False})
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        counted += cal.is_working_day(day)
    assert cal.add_working_days(start, days) == day
    assert cal.working_days_between(start, day) == days
    assert cal.working_days_between(start, day - timedelta(days=1)) == days - 1


# --- due_at ------------------------------------------------------------------------------------


def test_due_at_is_aware_local_midnight(cal):
    due = cal.due_at(wib(2026, 3, 18, 10, 0), 3)
    assert due.tzinfo is not None
    assert due.utcoffset() == timedelta(hours=7)
    assert (due.hour, due.minute, due.second, due.microsecond) == (0, 0, 0, 0)
    assert due.astimezone(WIB).date() == date(2026, 3, 28)  # the day after Fri 27 Mar
    assert due.astimezone(UTC) == datetime(2026, 3, 27, 17, 0, tzinfo=UTC)


def test_due_at_follows_settings_time_zone(settings, cal):
    settings.TIME_ZONE = "Asia/Makassar"  # WITA, UTC+8
    wita = ZoneInfo("Asia/Makassar")
    # 16:30 UTC Monday is already Tuesday 00:30 WITA (but still Monday in WIB).
    due = cal.due_at(datetime(2026, 3, 2, 16, 30, tzinfo=UTC), 1)
    assert due == datetime(2026, 3, 5, 0, 0, tzinfo=wita)
    assert due.utcoffset() == timedelta(hours=8)


def test_due_at_rejects_naive_datetimes(cal):
    with pytest.raises(ValueError, match="naive"):
        cal.due_at(datetime(2026, 3, 2, 14, 0), 3)


# --- process-wide cache and invalidation ----------------------------------------------------------


@pytest.fixture
def fresh_cache(monkeypatch):
    # No periodic re-read during the test: only the signal can refresh the cache.
    monkeypatch.setattr(calendar_module, "OVERRIDE_RECHECK_SECONDS", 1e9)
    invalidate_calendar()
    yield
    invalidate_calendar()


@pytest.mark.django_db
def test_get_calendar_is_cached_when_the_table_is_empty(fresh_cache, django_assert_num_queries):
    with django_assert_num_queries(1):
        first = get_calendar()
        assert get_calendar() is first
    assert first.overrides == {}


@pytest.mark.django_db
def test_saving_an_override_invalidates_the_cached_calendar(fresh_cache):
    assert get_calendar().add_working_days(date(2026, 3, 2), 3) == date(2026, 3, 5)

    override = CalendarOverride.objects.create(date=date(2026, 3, 4), is_working_day=False, name="Banjir")
    cal = get_calendar()
    assert cal.add_working_days(date(2026, 3, 2), 3) == date(2026, 3, 6)
    assert cal.holiday_name(date(2026, 3, 4)) == "Banjir"

    override.is_working_day = True
    override.save()
    assert get_calendar().is_working_day(date(2026, 3, 4))

    CalendarOverride.objects.create(date=date(2026, 3, 24), is_working_day=True, name="Cuti bersama batal")
    assert get_calendar().add_working_days(date(2026, 3, 18), 3) == date(2026, 3, 26)

    CalendarOverride.objects.filter(date=date(2026, 3, 24)).delete()
    assert get_calendar().add_working_days(date(2026, 3, 18), 3) == date(2026, 3, 27)


@pytest.mark.django_db
def test_periodic_recheck_picks_up_changes_without_signals(monkeypatch):
    invalidate_calendar()
    monkeypatch.setattr(calendar_module, "OVERRIDE_RECHECK_SECONDS", 0.0)
    try:
        before = get_calendar()
        assert get_calendar() is before  # unchanged table: same instance, warm caches kept
        # bulk_create() sends no post_save signal (nor does a save in another worker process).
        CalendarOverride.objects.bulk_create([CalendarOverride(date=date(2026, 3, 4), is_working_day=False)])
        assert not get_calendar().is_working_day(date(2026, 3, 4))
    finally:
        invalidate_calendar()


@pytest.mark.django_db
def test_receiver_calls_the_deadline_hook_when_it_exists(fresh_cache, monkeypatch):
    calls = []
    hook = types.ModuleType("aduan.reports.deadlines")
    hook.recompute_open_deadlines = lambda: calls.append(get_calendar().is_working_day(date(2026, 3, 4)))
    monkeypatch.setitem(sys.modules, "aduan.reports.deadlines", hook)

    override = CalendarOverride.objects.create(date=date(2026, 3, 4), is_working_day=False)
    override.delete()
    # The hook ran after the invalidation, so it saw the new state each time.
    assert calls == [False, True]
