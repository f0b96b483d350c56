"""GET requests (every filter of the specification), GET requests/{id} and GET tokens/{token}."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.models import Category, Report

from .helpers import as_json, as_xml, children, form, get, json_error, post, xml_error

REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "detailed_status",
    "service_name",
    "service_code",
    "title",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
    "url",
]


@dataclass
class Reports:
    recent: Report  # jalan-rusak, 10 days ago, routed: open
    closed: Report  # sampah, 5 days ago, answered and confirmed: closed
    old: Report  # jalan-rusak, 120 days ago, routed: outside the default window
    unverified: Report  # never public


@pytest.fixture
def reports(world: Any, file_report) -> Reports:
    Category.objects.create(code="sampah", name="Sampah dan Kebersihan")
    now = timezone.now()
    verifier, admin = world.actor(world.verifier), world.actor(world.regency_admin)

    def routed(days: int, **fields: Any) -> lifecycle.Submission:
        at = now - timedelta(days=days)
        sub = file_report(at=at, latitude="-7.0123456", longitude="109.6123456", **fields)
        lifecycle.verify(verifier, sub.report, institution=world.regency, at=at + timedelta(hours=1))
        return sub

    recent = routed(10).report
    closed_sub = routed(5, category="sampah", title="Sampah menumpuk di pasar", body="Sampah tidak diangkut seminggu.")
    lifecycle.respond(admin, closed_sub.report, message="Sampah sudah diangkut.", at=now - timedelta(days=4))
    lifecycle.confirm(Actor.reporter_with_token(closed_sub.access_token), closed_sub.report, at=now - timedelta(days=3))
    old = routed(120).report
    unverified = file_report(title="Lampu jalan padam sebulan").report
    return Reports(
        recent=Report.objects.get(pk=recent.pk),
        closed=Report.objects.get(pk=closed_sub.report.pk),
        old=old,
        unverified=unverified,
    )


def codes(response) -> list[str]:
    return [row["service_request_id"] for row in as_json(response)]


def test_list_json_newest_first_within_90_days(client, reports) -> None:
    data = as_json(get(client, "requests.json"))
    assert [r["service_request_id"] for r in data] == [reports.closed.code, reports.recent.code]
    recent = data[1]
    assert list(recent) == REQUEST_FIELDS
    assert recent["status"] == "open" and recent["detailed_status"] == "dispositioned"
    assert recent["status_notes"] == "Belum ditindaklanjuti"
    assert recent["service_code"] == "jalan-rusak" and recent["service_name"] == "Jalan Rusak"
    assert recent["agency_responsible"] == "Pemerintah Kabupaten Pekalongan"
    assert recent["address"] == "Bodas, Kandangserang, Kabupaten Pekalongan, Jawa Tengah"
    assert recent["address_id"] == "33.26.01.2001"
    assert (recent["lat"], recent["long"]) == ("-7.0123", "109.6123")  # rounded for the public
    assert recent["requested_datetime"].endswith("+07:00")
    assert recent["expected_datetime"]  # the institution's follow-up deadline
    assert recent["url"] == f"https://aduan.example.id/laporan/{reports.recent.code}/"
    closed = data[0]
    assert closed["status"] == "closed" and closed["detailed_status"] == "completed"
    assert closed["status_notes"] == "Selesai: Dikonfirmasi pelapor"
    assert closed["expected_datetime"] is None


def test_list_xml(client, reports) -> None:
    root = as_xml(get(client, "requests.xml"))
    assert root.tag == "service_requests"
    requests = root.findall("request")
    assert [r.findtext("service_request_id") for r in requests] == [reports.closed.code, reports.recent.code]
    assert children(requests[0]) == REQUEST_FIELDS
    assert requests[0].findtext("status") == "closed"
    assert requests[0].findtext("expected_datetime") == ""  # None is an empty element
    # Without an extension the format is XML; ?format=json picks JSON.
    assert as_xml(get(client, "requests")).tag == "service_requests"
    assert codes(get(client, "requests", format="json")) == [reports.closed.code, reports.recent.code]


def test_filters(client, reports) -> None:
    now = timezone.now()
    assert codes(get(client, "requests.json", status="open")) == [reports.recent.code]
    assert codes(get(client, "requests.json", status="closed")) == [reports.closed.code]
    assert codes(get(client, "requests.json", status="open,closed")) == [reports.closed.code, reports.recent.code]
    assert codes(get(client, "requests.json", service_code="sampah")) == [reports.closed.code]
    assert codes(get(client, "requests.json", service_code="sampah,jalan-rusak")) == [
        reports.closed.code,
        reports.recent.code,
    ]
    week_ago = (now - timedelta(days=7)).isoformat()
    assert codes(get(client, "requests.json", start_date=week_ago)) == [reports.closed.code]
    assert codes(get(client, "requests.json", end_date=week_ago)) == [reports.recent.code]
    start = (now - timedelta(days=150)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (now - timedelta(days=100)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert codes(get(client, "requests.json", start_date=start, end_date=end)) == [reports.old.code]
    # A '+' offset sent unescaped arrives as a space and is still read.
    plus = timezone.localtime(now - timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%S+07:00")
    assert codes(client.get(f"/open311/v2/requests.json?start_date={plus}")) == [reports.closed.code]


def test_service_request_id_list_overrides_other_filters(client, reports) -> None:
    wanted = f"{reports.old.code},{reports.recent.code.lower()},{reports.unverified.code},TIDAK-ADA"
    found = codes(get(client, "requests.json", service_request_id=wanted, status="closed", service_code="sampah"))
    assert sorted(found) == sorted([reports.old.code, reports.recent.code])


def test_bad_filters_are_400(client, reports) -> None:
    assert "start_date" in json_error(get(client, "requests.json", start_date="kemarin"), 400)
    xml_error(get(client, "requests.xml", status="pending"), 400)
    json_error(get(client, "requests.json", start_date="2026-05-01", end_date="2026-04-01"), 400)


def test_at_most_1000(client, reports, monkeypatch) -> None:
    from aduan.channels.open311 import queries

    monkeypatch.setattr(queries, "MAX_RESULTS", 1)
    assert codes(get(client, "requests.json")) == [reports.closed.code]


def test_one_request(client, reports) -> None:
    (row,) = as_json(get(client, f"requests/{reports.recent.code}.json"))
    assert row["service_request_id"] == reports.recent.code
    root = as_xml(get(client, f"requests/{reports.recent.code}.xml"))
    assert [r.findtext("service_request_id") for r in root.findall("request")] == [reports.recent.code]
    # Typed loosely (lowercase, no dash) it is still found.
    loose = reports.recent.code.replace("-", "").lower()
    assert as_json(get(client, f"requests/{loose}.json"))[0]["service_request_id"] == reports.recent.code
    xml_error(get(client, f"requests/{reports.unverified.code}.xml"), 404)
    json_error(get(client, "requests/ZZZZ-ZZZZ.json"), 404)


def test_token(world, api_key, client) -> None:
    (created,) = as_json(post(client, "requests.json", form(api_key=api_key)))
    (row,) = as_json(get(client, f"tokens/{created['token']}.json"))
    assert row == {"service_request_id": created["service_request_id"], "token": created["token"]}
    root = as_xml(get(client, f"tokens/{created['token']}.xml"))
    assert root.tag == "service_requests"
    assert root.findtext("request/service_request_id") == created["service_request_id"]
    # A token cannot be forged from a tracking code.
    forged = created["token"][:-2] + ("AA" if not created["token"].endswith("AA") else "BB")
    json_error(get(client, f"tokens/{forged}.json"), 404)
    xml_error(get(client, "tokens/bukan-token.xml"), 404)
