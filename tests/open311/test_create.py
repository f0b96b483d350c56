"""POST requests: form-encoded per GeoReport v2, api_key and jurisdiction_id from the form or the query."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from aduan.channels.inbound import raw_of
from aduan.channels.models import InboundMessage
from aduan.channels.open311.intake import title_from
from aduan.reports.models import Attachment, Report, ReportEvent
from aduan.reports.visibility import Viewer, reporter_identity

from .helpers import IDENTITY, as_json, as_xml, children, form, json_error, photo, post, xml_error


def only_report() -> Report:
    return Report.objects.select_related("reporter", "intake_institution", "category", "region").get()


def test_post_json_with_key_in_the_form(world, api_key) -> None:
    response = post(Client(enforce_csrf_checks=True), "requests.json", form(api_key=api_key))
    assert response.status_code == 200, response.content
    (row,) = as_json(response)
    report = only_report()
    assert row["service_request_id"] == report.code
    assert row["service_notice"] and report.code in row["service_notice"]
    assert row["token"] and row["account_id"] is None
    assert report.channel == "open311"
    assert report.intake_institution == world.regency  # the key's institution
    assert report.category.code == "jalan-rusak" and report.region_id == "33.26.01.2001"
    assert report.classification == "complaint" and not report.anonymous and not report.confidential
    assert report.title == "Jalan desa berlubang dalam di depan balai desa."
    assert str(report.latitude) == "-7.012346" and str(report.longitude) == "109.612346"
    submitted = ReportEvent.objects.get(report=report)
    assert (submitted.kind, submitted.actor_kind, submitted.data["channel"]) == ("submitted", "channel", "open311")


def test_post_xml_with_key_and_jurisdiction_in_the_query(world, api_key) -> None:
    response = post(
        Client(), "requests.xml", form(jurisdiction_id=""), query=f"api_key={api_key}&jurisdiction_id=aduan"
    )
    assert response.status_code == 200, response.content
    root = as_xml(response)
    assert root.tag == "service_requests"
    (request,) = root.findall("request")
    assert children(request) == ["service_request_id", "token", "service_notice", "account_id"]
    assert request.findtext("service_request_id") == only_report().code


def test_empty_jurisdiction_is_absent_and_unknown_is_refused(world, api_key, client) -> None:
    assert post(client, "requests.json", form(api_key=api_key, jurisdiction_id="")).status_code == 200
    assert (
        post(client, "requests.json", form(api_key=api_key, jurisdiction_id="pekalongankab.go.id")).status_code == 200
    )
    json_error(post(client, "requests.json", form(api_key=api_key, jurisdiction_id="kota-lain")), 404)
    assert Report.objects.count() == 2


@pytest.mark.parametrize(
    "path", ["requests.json", "requests.json/", "requests.xml", "requests.xml/", "requests", "requests/"]
)
def test_post_is_answered_where_it_lands_never_redirected(world, api_key, client, path: str) -> None:
    response = post(client, path, form(api_key=api_key))
    assert response.status_code == 200, (path, response.status_code, response.get("Location"))
    assert Report.objects.count() == 1


def test_bad_or_missing_key_is_403_and_files_nothing(world, api_key, client) -> None:
    assert "api_key" in xml_error(post(client, "requests.xml", form(api_key="adk_salah")), 403)
    json_error(post(client, "requests.json", form()), 403)
    json_error(post(client, "requests.json", form(), query="api_key="), 403)
    assert Report.objects.count() == 0
    assert InboundMessage.objects.count() == 0  # an unknown caller's form is not kept


def test_inactive_key_is_refused(world, api_key, client) -> None:
    from aduan.channels.models import ApiKey

    ApiKey.objects.update(active=False)
    json_error(post(client, "requests.json", form(api_key=api_key)), 403)


def test_a_key_without_institution_lands_with_the_national_verifier(world, client) -> None:
    from aduan.channels.keys import create_key

    _key, secret = create_key("Aplikasi nasional")
    assert post(client, "requests.json", form(api_key=secret)).status_code == 200
    assert only_report().intake_institution is None


@pytest.mark.parametrize(
    ("changes", "status", "word"),
    [
        ({"service_code": ""}, 400, "service_code"),
        ({"service_code": "tidak-ada"}, 400, "service_code"),
        ({"lat": None, "long": None, "attribute[region_code]": None}, 400, "Lokasi"),
        ({"long": None}, 400, "long"),
        ({"description": "  "}, 400, "description"),
        ({"lat": "utara"}, 400, "Koordinat"),
        ({"attribute[region_code]": "99.99"}, 400, "wilayah"),
        ({"attribute[anonymous]": "mungkin"}, 400, "anonymous"),
        ({"attribute[classification]": "keluhan"}, 400, "classification"),
        ({"attribute[incident_date]": "kemarin"}, 400, "incident_date"),
        ({"email": "bukan-email"}, 400, "email"),
        ({"attribute[nik]": "123"}, 400, "NIK"),
    ],
)
def test_bad_input_is_400_and_kept(world, api_key, client, changes: dict[str, Any], status: int, word: str) -> None:
    description = json_error(post(client, "requests.json", form(api_key=api_key, **changes)), status)
    assert word.lower() in description.lower(), description
    assert Report.objects.count() == 0
    message = InboundMessage.objects.get()
    assert (message.channel, message.state) == ("open311", "rejected")
    assert message.error == description


def test_raw_form_is_kept_without_the_api_key(world, api_key, client) -> None:
    post(client, "requests.json", form(api_key=api_key), query=f"api_key={api_key}")
    message = InboundMessage.objects.get()
    assert (message.state, message.result, message.report) == ("processed", "created", only_report())
    raw = raw_of(message)
    assert raw["form"]["service_code"] == ["jalan-rusak"]
    assert "api_key" not in raw["form"] and "api_key" not in raw["query"]
    assert api_key not in message.sealed_raw


def test_attributes_identity_and_flags(world, api_key, client) -> None:
    fields = form(
        api_key=api_key,
        first_name=IDENTITY["first_name"],
        last_name=IDENTITY["last_name"],
        email=IDENTITY["email"],
        phone=IDENTITY["phone"],
        address_string="Jl. Raya Bodas No. 5",
        media_url="https://foto.example.id/lubang.jpg",
        device_id="perangkat-1",
        account_id="akun-7",
        **{
            "attribute[title]": "Lubang besar di jalan Bodas",
            "attribute[classification]": "3",
            "attribute[anonymous]": "true",
            "attribute[confidential]": "false",
            "attribute[incident_date]": "2026-11-01T08:00:00+07:00",
            "attribute[institution]": "pemkab-33-26-dinas-pu",
            "attribute[nik]": IDENTITY["nik"],
        },
    )
    assert post(client, "requests.json", fields).status_code == 200
    report = only_report()
    assert report.title == "Lubang besar di jalan Bodas"
    assert report.classification == "aspiration"  # LAPOR! number 3
    assert report.anonymous and not report.confidential
    assert report.incident_date.isoformat() == "2026-11-01"
    assert report.suggested_institution == world.dinas_pu
    assert report.address == "Jl. Raya Bodas No. 5"
    assert "https://foto.example.id/lubang.jpg" in report.body
    identity = reporter_identity(Viewer(world.verifier), report)
    assert identity is not None
    assert identity["name"] == "Bambang Sutrisno" and identity["email"] == IDENTITY["email"]
    assert identity["phone"] == "+6281398765432" and identity["nik"] == IDENTITY["nik"]


def test_media_upload_becomes_an_attachment(world, api_key, client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("lubang.jpg", photo(seed=5), content_type="image/jpeg")
    assert post(client, "requests.json", form(api_key=api_key, media=upload)).status_code == 200
    attachment = Attachment.objects.get()
    assert attachment.report == only_report() and attachment.content_type == "image/jpeg"


def test_a_retry_files_again(world, api_key, client) -> None:
    """Open311 has no message id: the specification lets a repeated POST create a second request."""
    first = as_json(post(client, "requests.json", form(api_key=api_key)))[0]["service_request_id"]
    second = as_json(post(client, "requests.json", form(api_key=api_key)))[0]["service_request_id"]
    assert first != second and Report.objects.count() == 2


@pytest.mark.parametrize(
    ("description", "title"),
    [
        ("Lampu jalan padam.\nSudah seminggu.", "Lampu jalan padam."),
        ("Sampah menumpuk! Bau sekali.", "Sampah menumpuk!"),
        ("\n\n  Pertama  \nKedua", "Pertama"),
        ("kata " * 80, ("kata " * 40).strip()[:198].rsplit(" ", 1)[0] + "…"),
    ],
)
def test_title_from_the_first_line_or_sentence(description: str, title: str) -> None:
    made = title_from(description)
    assert made == title
    assert len(made) <= 200


def test_oversized_or_broken_body_is_a_400_in_the_spec_format(world, api_key, client) -> None:
    many = form(api_key=api_key, **{f"attribute[x{i}]": "1" for i in range(1001)})
    json_error(post(client, "requests.json", many), 400)
    broken = client.post(
        "/open311/v2/requests.xml",
        data=b"--x\r\nContent-Disposition: form-data\r\n\r\nrusak",
        content_type="multipart/form-data; boundary=",
    )
    xml_error(broken, 400)
    assert Report.objects.count() == 0


def test_reporter_with_an_email_hears_by_email_only(world, api_key, client) -> None:
    from aduan.notify.models import Notification

    post(client, "requests.json", form(api_key=api_key, email="warga@example.id"))
    post(client, "requests.json", form(api_key=api_key))
    rows = list(Notification.objects.filter(audience="reporter").values_list("report__code", "channel"))
    emailed = Report.objects.get(reporter__email_index__gt="").code
    assert rows == [(emailed, "email")]  # Open311 itself cannot write back
