"""Every error has the shape {"error", "detail"}: refused actions (403, 409, 400, 404), validation,
malformed JSON, unknown paths and methods."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import BODY, assert_error


def test_refused_actions(api: Any, world: Any, token: Any) -> None:
    code = api.create().json()["code"]
    assert_error(api.act(code, "verify", institution="pemkab-33-26"), 403, "forbidden")
    assert_error(api.act(code, "verify", bearer=token(world.regency_admin), institution="pemkab-33-26"), 403)
    verifier = token(world.verifier)
    assert_error(api.act(code, "accept", bearer=verifier), 403, "forbidden")
    assert_error(api.act(code, "verify", bearer=verifier), 400, "missing_field")
    assert_error(api.act(code, "verify", bearer=verifier, institution="tidak-ada"), 400, "unknown_institution")
    api.act(code, "verify", bearer=verifier, institution="pemkab-33-26")
    assert_error(api.act(code, "verify", bearer=verifier, institution="pemkab-33-26"), 409, "invalid_state")
    assert_error(api.act(code, "rate", bearer=verifier, score=9), 422, "validation_error")
    assert_error(api.act("ZZZZ-ZZZZ", "accept", bearer=verifier), 404, "not_found")
    assert_error(api.act(code, "terbang", bearer=verifier), 404, "unknown_action")


def test_wrong_access_token(api: Any, world: Any) -> None:
    code = api.create().json()["code"]
    assert_error(api.get(f"/api/v1/reports/{code}", access="bukan-rahasianya"), 403, "invalid_access_token")
    assert_error(api.act(code, "reply", access="bukan-rahasianya", message="Halo"), 403, "forbidden")


def test_validation(api: Any, world: Any) -> None:
    data = assert_error(api.create(classification="keluhan"), 422, "validation_error")
    assert data["errors"][0]["loc"] == ["body", "classification"]
    assert_error(api.create(title=None), 422, "validation_error")
    assert_error(api.create(incident_date="kemarin"), 422, "validation_error")
    assert_error(api.create(title="\x00nul"), 422, "validation_error")


def test_lifecycle_refusals_of_a_new_report(api: Any, world: Any) -> None:
    assert_error(api.create(category="tidak-ada"), 400, "unknown_category")
    assert_error(api.create(region_code="99.99"), 400, "unknown_region")
    assert_error(api.create(incident_date="2999-01-01"), 400, "invalid_date")
    assert_error(api.create(latitude=200, longitude=0), 400, "invalid_location")
    assert_error(api.create(reporter={"nik": "123"}), 400, "invalid_nik")
    assert_error(api.create(title="ab"), 400, "missing_field")


def test_malformed_bodies(api: Any, world: Any) -> None:
    response = api.client.post("/api/v1/reports", "{not json", content_type="application/json")
    assert_error(response, 422, "validation_error")
    response = api.client.post("/api/v1/reports", "[]", content_type="application/json")
    assert_error(response, 422, "validation_error")
    response = api.client.post("/api/v1/reports", {"title": "x"})  # multipart without the `report` field
    assert_error(response, 422, "validation_error")
    import json

    response = api.client.post("/api/v1/reports", {"report": json.dumps(BODY)})
    assert response.status_code == 201


def test_unknown_paths_and_methods(api: Any, world: Any) -> None:
    assert_error(api.get("/api/v1/tidak-ada"), 404, "not_found")
    assert_error(api.get("/api/v1/reports/ZZZZ-ZZZZ"), 404, "not_found")
    assert_error(api.get("/api/v1/reports/x"), 404, "not_found")
    response = api.client.put("/api/v1/reports")
    assert_error(response, 405, "method_not_allowed")
    assert "POST" in response["Allow"]


def test_openapi_document(api: Any, world: Any) -> None:
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    for path in [
        "/api/v1/auth/token",
        "/api/v1/reports",
        "/api/v1/reports/{code}",
        "/api/v1/reports/{code}/actions/{action}",
        "/api/v1/institutions",
        "/api/v1/categories",
        "/api/v1/regions",
        "/api/v1/stats",
        "/api/v1/me/reports",
    ]:
        assert path in spec["paths"], path
    create = spec["paths"]["/api/v1/reports"]["post"]["requestBody"]["content"]
    assert set(create) == {"application/json", "multipart/form-data"}
    assert set(create["application/json"]["schema"]["properties"]) >= {"classification", "region_code", "reporter"}
