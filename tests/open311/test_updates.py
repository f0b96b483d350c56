"""The servicerequestupdates extension: a public report's status history, from public events only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from aduan.reports import lifecycle
from aduan.reports.actors import Actor

from .helpers import as_json, as_xml, children, form, get, json_error, photo, post

UPDATE_FIELDS = [
    "update_id",
    "service_request_id",
    "status",
    "detailed_status",
    "updated_datetime",
    "description",
    "media_url",
]


def file_and_handle(world: Any, client, api_key: str) -> tuple[str, Any]:
    """Filed through Open311, verified to the regency, noted internally, answered with a photo, confirmed."""
    (created,) = as_json(post(client, "requests.json", form(api_key=api_key, email="warga@example.id")))
    code = created["service_request_id"]
    verifier, admin = world.actor(world.verifier), world.actor(world.regency_admin)
    lifecycle.verify(verifier, code, institution=world.regency, message="Diteruskan ke Pemkab Pekalongan.")
    lifecycle.note(admin, code, message="Catatan internal: kontraktor lama bermasalah.")
    lifecycle.support(Actor(), code, voter="warga-lain")
    lifecycle.respond(
        admin, code, message="Jalan sudah ditambal oleh Dinas PU.", attachments=[("hasil.jpg", photo(seed=9))]
    )
    return code, created


def test_updates_after_verify_and_respond(world, api_key, client) -> None:
    code, _created = file_and_handle(world, client, api_key)
    data = as_json(get(client, "servicerequestupdates.json"))
    assert all(list(row) == UPDATE_FIELDS for row in data)
    mine = [row for row in data if row["service_request_id"] == code]
    # Newest first: the response, the verification, the submission. No internal note, no "dukung".
    assert [row["detailed_status"] for row in mine] == ["responded", "dispositioned", "submitted"]
    assert [row["status"] for row in mine] == ["open", "open", "open"]
    responded, verified, submitted = mine
    assert responded["description"] == "Jalan sudah ditambal oleh Dinas PU."
    assert responded["media_url"].startswith("https://aduan.example.id/lampiran/")
    assert verified["description"] == "Diteruskan ke Pemkab Pekalongan."
    assert submitted["description"] == "Laporan diterima"  # no text: the public label of the step
    assert submitted["media_url"] == ""
    assert len({row["update_id"] for row in mine}) == 3
    assert "kontraktor" not in str(data)
    # The photo the update links to is served to the public.
    path = responded["media_url"].removeprefix("https://aduan.example.id")
    assert client.get(path).status_code == 200


def test_updates_xml_and_closing(world, api_key, client) -> None:
    code, _created = file_and_handle(world, client, api_key)
    lifecycle.close_by_silence(code, at=timezone.now())
    root = as_xml(get(client, "servicerequestupdates.xml", service_request_id=code))
    assert root.tag == "service_request_updates"
    updates = root.findall("request_update")
    assert children(updates[0]) == UPDATE_FIELDS
    assert updates[0].findtext("status") == "closed" and updates[0].findtext("detailed_status") == "completed"
    assert {u.findtext("service_request_id") for u in updates} == {code}


def test_update_window(world, api_key, client) -> None:
    file_and_handle(world, client, api_key)
    future = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    past = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert as_json(get(client, "servicerequestupdates.json", start_date=future)) == []
    assert len(as_json(get(client, "servicerequestupdates.json", start_date=past))) == 3
    assert as_json(get(client, "servicerequestupdates.json", end_date=past)) == []
    json_error(get(client, "servicerequestupdates.json", end_date="besok"), 400)


def test_unverified_and_confidential_reports_have_no_updates(world, api_key, client) -> None:
    post(client, "requests.json", form(api_key=api_key))  # never verified
    (secret,) = as_json(post(client, "requests.json", form(api_key=api_key, **{"attribute[confidential]": "true"})))
    lifecycle.verify(world.actor(world.verifier), secret["service_request_id"], institution=world.regency)
    assert as_json(get(client, "servicerequestupdates.json")) == []
