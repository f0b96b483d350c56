"""Routing suggestions (backoffice/routing.py): location, category kinds, history; never the operator,
never an institution that already declined the report."""

from __future__ import annotations

import pytest

from aduan.backoffice import routing
from aduan.reports import lifecycle
from aduan.reports.models import Category


@pytest.fixture
def road_category(world):
    Category.objects.filter(code="jalan-rusak").update(institution_kinds="regency|province|ministry")


def codes(report) -> list[str]:
    return [s.institution.code for s in routing.suggest(report)]


def test_location_first(world, file_report, road_category):
    report = file_report().report
    assert codes(report) == ["pemkab-33-26", "pemprov-33"]
    in_city = file_report(region="33.75").report
    assert codes(in_city) == ["pemkot-33-75", "pemprov-33"]


def test_the_province_only_when_the_category_names_provinces(world, file_report):
    Category.objects.filter(code="jalan-rusak").update(institution_kinds="regency")
    assert codes(file_report().report) == ["pemkab-33-26"]


def test_category_kinds_and_history(world, file_report, road_category):
    verifier = world.actor(world.verifier)
    for _ in range(2):
        lifecycle.verify(verifier, file_report(region="33.75").report, institution="pemkot-33-75")
    lifecycle.verify(verifier, file_report().report, institution="kemen-pu")
    suggestions = routing.suggest(file_report().report)
    by_code = {s.institution.code: s.reason for s in suggestions}
    assert list(by_code)[:2] == ["pemkab-33-26", "pemprov-33"]
    assert by_code["kemen-pu"] == "Sesuai kategori laporan"
    assert "pemkot-33-75" in by_code and "2 laporan" in by_code["pemkot-33-75"]
    assert "operator" not in by_code


def test_history_prefers_the_same_regency(world, file_report):
    verifier = world.actor(world.verifier)
    for _ in range(3):
        lifecycle.verify(verifier, file_report(region="33.75").report, institution="pemkot-33-75")
    lifecycle.verify(verifier, file_report().report, institution="kemen-pu")
    history = [s.institution.code for s in routing.suggest(file_report().report) if "laporan)" in s.reason]
    assert history == ["kemen-pu", "pemkot-33-75"]  # kemen-pu took a report from this regency


def test_an_institution_that_declined_is_not_suggested_again(world, file_report, road_category):
    report = file_report().report
    lifecycle.verify(world.actor(world.verifier), report, institution="pemkab-33-26")
    lifecycle.not_authority(world.actor(world.regency_admin), report, reason="Ini jalan provinsi, bukan kabupaten.")
    assert "pemkab-33-26" not in codes(report)
    assert codes(report)[0] == "pemprov-33"


def test_nothing_to_go_on(world, file_report):
    report = file_report(region=None, category=None).report
    assert routing.suggest(report) == []


def test_few_queries(world, file_report, road_category, django_assert_max_num_queries):
    report = file_report().report
    with django_assert_max_num_queries(4):
        routing.suggest(report)


def test_search_matches_name_short_name_and_code(world):
    world.ministry.short_name = "Kemen PU"
    world.ministry.save()
    assert [i.code for i in routing.search("kemen pu")] == ["kemen-pu"]
    assert {i.code for i in routing.search("pemkab-33-26")} == {
        "pemkab-33-26",
        "pemkab-33-26-dinas-pu",
        "pemkab-33-26-dinkes",
    }
    assert "operator" not in [i.code for i in routing.search("pengelola")]
    assert routing.search("  ") == []
