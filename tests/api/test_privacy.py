"""Privacy through the API (DESIGN §4, rule 5): an anonymous reporter's name, phone, e-mail and NIK never
reach the public, institution staff or any list — not in the text, the timeline, the rows, nor found by
search; confidential reports never reach the public."""

from __future__ import annotations

from typing import Any

import pytest

from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from tests.api.conftest import BODY, assert_error
from tests.conftest import REPORTER

SECRETS = [REPORTER["name"], "Rahmawati", REPORTER["email"], REPORTER["nik"], "81234567890"]


def leaks(response: Any) -> list[str]:
    text = response.content.decode()
    return [secret for secret in SECRETS if secret in text]


@pytest.fixture
def anonymous(api: Any, world: Any, token: Any) -> dict[str, Any]:
    """Filed through the API, anonymous, the reporter's details all through the text; verified, routed to
    the regency, assigned to its Dinas PU; the reporter replied with their details again."""
    details = (
        f"Saya {REPORTER['name']}, NIK {REPORTER['nik']}, telepon {REPORTER['phone']}, surel {REPORTER['email']}. "
        "Jalan di depan rumah saya berlubang dalam."
    )
    filed = api.create(anonymous=True, title=f"Laporan {REPORTER['name']}", body=details).json()
    code, secret = filed["code"], filed["access_token"]
    verifier, admin = token(world.verifier), token(world.regency_admin)
    api.act(code, "verify", bearer=verifier, institution="pemkab-33-26")
    api.act(code, "accept", bearer=admin)
    api.act(code, "assign", bearer=admin, institution="pemkab-33-26-dinas-pu")
    api.act(code, "reply", access=secret, message=f"Hubungi saya di {REPORTER['phone']}, {REPORTER['name']}.")
    api.act(code, "respond", bearer=token(world.liaison), message="Sudah kami tinjau.")
    return {"code": code, "secret": secret}


def test_anonymous_reporter_hidden_from_public_and_handlers(
    api: Any, world: Any, token: Any, anonymous: dict[str, Any]
) -> None:
    code = anonymous["code"]
    readers = {
        "public": None,
        "regency admin": token(world.regency_admin),
        "unit liaison": token(world.liaison),
        "province admin": token(world.province_admin),
        "oversight": token(world.oversight),
        "citizen": token(world.citizen),
        "app": None,
    }
    for who, bearer in readers.items():
        detail = api.get(f"/api/v1/reports/{code}", bearer=bearer)
        assert detail.status_code == 200, who
        assert leaks(detail) == [], who
        assert detail.json().get("reporter_identity") is None, who
        listed = api.get("/api/v1/reports", bearer=bearer)
        assert code in listed.content.decode() and leaks(listed) == [], who
        for secret in (REPORTER["name"], REPORTER["nik"], "Rahmawati"):
            found = api.get("/api/v1/reports", bearer=bearer, q=secret).json()
            assert found["results"] == [], (who, secret)
    staff = api.get(f"/api/v1/reports/{code}", bearer=token(world.regency_admin)).json()
    assert staff["view"] == "staff" and staff["reporter"].startswith("Pelapor ")
    assert any(item["kind"] == "reporter_replied" for item in staff["timeline"])


def test_the_verifier_and_the_reporter_see_the_identity(
    api: Any, world: Any, token: Any, anonymous: dict[str, Any]
) -> None:
    code = anonymous["code"]
    for detail in (
        api.get(f"/api/v1/reports/{code}", bearer=token(world.verifier)).json(),
        api.get(f"/api/v1/reports/{code}", access=anonymous["secret"]).json(),
    ):
        assert detail["reporter_identity"]["name"] == REPORTER["name"]


def test_app_key_reads_only_the_public_view(api: Any, world: Any, anonymous: dict[str, Any]) -> None:
    from aduan.channels import keys

    _key, secret = keys.create_key("Aplikasi", institution=world.regency)
    detail = api.get(f"/api/v1/reports/{anonymous['code']}", bearer=secret)
    assert detail.json()["view"] == "public" and leaks(detail) == []


def test_confidential_never_public(api: Any, world: Any, token: Any) -> None:
    filed = api.create(confidential=True, title="Pungutan liar di kantor desa").json()
    code = filed["code"]
    api.act(code, "verify", bearer=token(world.verifier), institution="pemkab-33-26")
    assert_error(api.get(f"/api/v1/reports/{code}"), 404, "not_found")
    assert_error(api.get(f"/api/v1/reports/{code}", bearer=token(world.citizen)), 404, "not_found")
    assert_error(api.get(f"/api/v1/reports/{code}", bearer=token(world.other_admin)), 404, "not_found")
    for params in ({}, {"q": "Pungutan"}, {"institution": "pemkab-33-26"}, {"status": "dispositioned"}):
        assert code not in api.get("/api/v1/reports", **params).content.decode()
    assert api.get("/api/v1/stats").json()["public"] == 0
    assert api.get(f"/api/v1/reports/{code}", bearer=token(world.regency_admin)).json()["view"] == "staff"
    assert api.get(f"/api/v1/reports/{code}", access=filed["access_token"]).json()["view"] == "reporter"


def test_unverified_reports_are_not_public(api: Any, world: Any) -> None:
    code = api.create().json()["code"]
    assert_error(api.get(f"/api/v1/reports/{code}"), 404)
    assert code not in api.get("/api/v1/reports").content.decode()


def test_named_reporter_is_shown_to_handlers_but_not_to_the_public(api: Any, world: Any, token: Any) -> None:
    filed = api.create(body=f"{BODY['body']} Salam, {REPORTER['name']}.").json()
    code = filed["code"]
    lifecycle.verify(Actor.for_user(world.verifier), code, institution="pemkab-33-26")
    public = api.get(f"/api/v1/reports/{code}")
    assert leaks(public) == []
    staff = api.get(f"/api/v1/reports/{code}", bearer=token(world.regency_admin)).json()
    assert staff["reporter"] == REPORTER["name"] and staff.get("reporter_identity") is None
