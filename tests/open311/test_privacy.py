"""Privacy through Open311 (DESIGN §4, rule 5): an anonymous reporter's identity and confidential or
unverified reports never come out of any GET; descriptions are the redacted public text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from aduan.reports import lifecycle
from aduan.reports.models import Report
from aduan.reports.visibility import public_text

from .helpers import IDENTITY, SECRET_TITLE, as_json, as_xml, form, get, photo, post

UNVERIFIED_TEXT = "Lampu penerangan jalan padam sebulan di RT 03."
NAMED = {"first_name": "Siti", "last_name": "Rahmawati", "email": "siti@example.id", "phone": "081234567890"}


def details(person: dict[str, str]) -> str:
    return (
        f"Saya {person['first_name']} {person['last_name']}, telepon {person['phone']}, surel {person['email']}"
        f"{', NIK ' + person['nik'] if 'nik' in person else ''}. Jalan di depan rumah saya berlubang dalam."
    )


@dataclass
class Filed:
    anonymous: Report
    named: Report
    confidential: Report
    unverified: Report
    confidential_token: str


def _file(client, api_key: str, person: dict[str, str], **fields: Any) -> tuple[str, str]:
    identity = {k: v for k, v in person.items() if k != "nik"}
    if "nik" in person:
        fields["attribute[nik]"] = person["nik"]
    response = post(client, "requests.json", form(api_key=api_key, **identity, **fields))
    assert response.status_code == 200, response.content
    (row,) = as_json(response)
    return row["service_request_id"], row["token"]


@pytest.fixture
def filed(world: Any, api_key: str, client) -> Filed:
    verifier, admin = world.actor(world.verifier), world.actor(world.regency_admin)
    name = f"{IDENTITY['first_name']} {IDENTITY['last_name']}"

    anonymous, _t = _file(
        client,
        api_key,
        IDENTITY,
        description=details(IDENTITY),
        media=_upload("rumah.jpg", 1),
        **{"attribute[anonymous]": "true", "attribute[title]": f"Jalan berlubang di depan rumah {name}"},
    )
    lifecycle.verify(verifier, anonymous, institution=world.regency, message=f"Pelapor {name} menunggu.")
    lifecycle.accept(admin, anonymous, message=f"Kami akan menghubungi {IDENTITY['email']}.")
    lifecycle.respond(admin, anonymous, message=f"Bapak {name}, jalan sudah ditambal. NIK {IDENTITY['nik']}.")

    named, _t = _file(client, api_key, NAMED, description=details(NAMED))
    lifecycle.verify(verifier, named, institution=world.regency)

    confidential, token = _file(
        client,
        api_key,
        {"first_name": "Rudi", "email": "rudi@example.id"},
        description="Petugas meminta uang untuk perekaman KTP elektronik.",
        media=_upload("bukti.jpg", 3),
        **{"attribute[confidential]": "true", "attribute[title]": SECRET_TITLE},
    )
    lifecycle.verify(verifier, confidential, institution=world.regency)
    lifecycle.accept(admin, confidential)
    lifecycle.respond(admin, confidential, message="Petugas yang bersangkutan sudah diperiksa inspektorat.")

    unverified, _t = _file(client, api_key, NAMED, description=UNVERIFIED_TEXT)
    get_report = Report.objects.select_related("reporter").get
    return Filed(
        anonymous=get_report(code=anonymous),
        named=get_report(code=named),
        confidential=get_report(code=confidential),
        unverified=get_report(code=unverified),
        confidential_token=token,
    )


def _upload(name: str, seed: int):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, photo(seed=seed), content_type="image/jpeg")


def forbidden(filed: Filed) -> list[str]:
    values = [v for person in (IDENTITY, NAMED) for v in person.values()]
    phones = ["+6281398765432", "6281398765432", "81398765432", "+6281234567890", "81234567890"]
    return [
        *values,
        *phones,
        "Rudi",
        "rudi@example.id",
        SECRET_TITLE,
        "perekaman KTP",
        "inspektorat",
        filed.confidential.code,
        filed.unverified.code,
        UNVERIFIED_TEXT,
    ]


def every_get(client, filed: Filed) -> dict[str, str]:
    paths = []
    for fmt in ("json", "xml"):
        paths += [
            f"requests.{fmt}",
            f"requests.{fmt}?status=open",
            f"requests.{fmt}?service_code=jalan-rusak",
            f"servicerequestupdates.{fmt}",
        ]
        for report in (filed.anonymous, filed.named, filed.confidential, filed.unverified):
            paths += [
                f"requests/{report.code}.{fmt}",
                f"requests.{fmt}?service_request_id={report.code}",
                f"servicerequestupdates.{fmt}?service_request_id={report.code}",
            ]
    return {path: client.get("/open311/v2/" + path).content.decode() for path in paths}


def test_no_identity_nor_hidden_report_in_any_get(client, filed) -> None:
    answers = every_get(client, filed)
    for path, body in answers.items():
        for value in forbidden(filed):
            assert value not in body, f"{value!r} in {path}"
    # The public reports are there: the test would pass on empty answers otherwise.
    assert filed.anonymous.code in answers["requests.json"] and filed.named.code in answers["requests.xml"]
    assert filed.anonymous.code in answers["servicerequestupdates.xml"]
    for hidden in (filed.confidential, filed.unverified):
        assert client.get(f"/open311/v2/requests/{hidden.code}.json").status_code == 404


def test_description_is_the_redacted_public_text(client, filed) -> None:
    for report in (filed.anonymous, filed.named):
        title, body = public_text(report)
        (row,) = as_json(get(client, f"requests/{report.code}.json"))
        assert (row["title"], row["description"]) == (title, body)
        assert "berlubang" in row["description"]
        root = as_xml(get(client, f"requests/{report.code}.xml"))
        assert root.findtext("request/description") == body
    # The original text held the identity; the public one does not.
    assert IDENTITY["phone"] in filed.anonymous.body


def test_anonymous_location_is_coarser(client, filed) -> None:
    anonymous = as_json(get(client, f"requests/{filed.anonymous.code}.json"))[0]
    named = as_json(get(client, f"requests/{filed.named.code}.json"))[0]
    assert (anonymous["lat"], anonymous["long"]) == ("-7.012", "109.612")
    assert (named["lat"], named["long"]) == ("-7.0123", "109.6123")


def test_photo_is_served_without_exif_and_the_confidential_one_not_at_all(client, filed) -> None:
    row = as_json(get(client, f"requests/{filed.anonymous.code}.json"))[0]
    assert row["media_url"].startswith("https://aduan.example.id/lampiran/")
    assert client.get(row["media_url"].removeprefix("https://aduan.example.id")).status_code == 200
    secret = filed.confidential.attachments.get()
    assert client.get(f"/lampiran/{secret.pk}/").status_code == 404


def test_token_only_names_the_code_to_its_holder(client, filed) -> None:
    (row,) = as_json(get(client, f"tokens/{filed.confidential_token}.json"))
    assert row == {"service_request_id": filed.confidential.code, "token": filed.confidential_token}
