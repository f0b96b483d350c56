"""A report's whole life through the API: filed without an account, verified and routed by the verifier,
accepted and assigned by the regency admin, answered by the unit, disputed, answered again, confirmed and
rated by the reporter holding the access token. Also the same with a signed-in citizen."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from aduan.reports.models import Report, ReportEvent
from tests.api.conftest import assert_error


def kinds(code: str) -> list[str]:
    return list(ReportEvent.objects.filter(report__code=code).order_by("seq").values_list("kind", flat=True))


def test_full_lifecycle(api: Any, world: Any, token: Any) -> None:
    created = api.create()
    assert created.status_code == 201, created.content
    filed = created.json()
    code, secret = filed["code"], filed["access_token"]
    assert secret and filed["url"].endswith(f"/api/v1/reports/{code}") and f"?t={secret}" in filed["track_url"]
    report = Report.objects.get(code=code)
    assert report.channel == "api" and report.reporter_user is None

    verifier, admin, unit = token(world.verifier), token(world.regency_admin), token(world.liaison)
    mine = api.get(f"/api/v1/reports/{code}", access=secret).json()
    assert mine["view"] == "reporter" and mine["available_actions"] == ["reply"]

    staff = api.get(f"/api/v1/reports/{code}", bearer=verifier).json()
    assert staff["view"] == "staff" and "verify" in staff["available_actions"]
    assert staff["reporter_identity"]["nik"] == "3326011234560001"  # the verifier screens the reporter

    step = api.act(code, "verify", bearer=verifier, institution="pemkab-33-26", message="Diteruskan ke Pemkab.")
    assert step.status_code == 200, step.content
    assert step.json()["status"] == "dispositioned"

    assert api.act(code, "accept", bearer=admin).json()["status"] == "in_progress"
    assigned = api.act(code, "assign", bearer=admin, institution="pemkab-33-26-dinas-pu").json()
    assert assigned["unit"]["code"] == "pemkab-33-26-dinas-pu"

    answered = api.act(code, "respond", bearer=unit, message="Jalan sudah ditambal pada 3 Maret.")
    assert answered.status_code == 200 and answered.json()["status"] == "responded"

    view = api.get(f"/api/v1/reports/{code}", access=secret).json()
    assert set(view["available_actions"]) >= {"dispute", "confirm", "reply"}
    assert any(item["kind"] == "responded" and "ditambal" in item["text"] for item in view["timeline"])

    disputed = api.act(code, "dispute", access=secret, message="Tambalan sudah lepas lagi.")
    assert disputed.status_code == 200 and disputed.json()["status"] == "in_progress"
    api.act(code, "respond", bearer=unit, message="Sudah diaspal ulang seluruhnya.")
    confirmed = api.act(code, "confirm", access=secret, message="Terima kasih.")
    assert confirmed.json()["status"] == "completed" and confirmed.json()["closed_how"] == "confirmed"
    rated = api.act(code, "rate", access=secret, score=5)
    assert rated.status_code == 200 and rated.json()["rating"] == 5
    assert kinds(code) == [
        "submitted",
        "verified",
        "accepted",
        "assigned",
        "responded",
        "disputed",
        "responded",
        "confirmed",
        "rated",
    ]

    public = api.get(f"/api/v1/reports/{code}").json()
    assert public["view"] == "public" and public["status"] == "completed"
    assert "Sudah diaspal ulang seluruhnya." in [item["text"] for item in public["timeline"]]


def test_signed_in_citizen_files_and_follows(api: Any, world: Any, token: Any) -> None:
    citizen = token(world.citizen)
    created = api.create(bearer=citizen, reporter=None)
    assert created.status_code == 201
    code = created.json()["code"]
    assert created.json()["access_token"] is None
    assert Report.objects.get(code=code).reporter_user == world.citizen
    mine = api.get(f"/api/v1/reports/{code}", bearer=citizen).json()
    assert mine["view"] == "reporter" and mine["title"] == "Jalan berlubang di Desa Bodas"
    listed = api.get("/api/v1/me/reports", bearer=citizen).json()
    assert [row["code"] for row in listed["results"]] == [code]
    replied = api.act(code, "reply", bearer=citizen, message="Tambahan: lubangnya dua.")
    assert replied.status_code == 200 and kinds(code)[-1] == "reporter_replied"


def test_request_info_and_supply_info_with_a_file(
    api: Any, world: Any, token: Any, tmp_path: Any, settings: Any
) -> None:
    from tests.citizen.helpers import jpeg

    settings.MEDIA_ROOT = tmp_path
    filed = api.create().json()
    code, secret = filed["code"], filed["access_token"]
    verifier = token(world.verifier)
    asked = api.act(code, "request_info", bearer=verifier, message="Di RT berapa?")
    assert asked.json()["status"] == "needs_info"
    upload = jpeg()
    response = api.client.post(
        f"/api/v1/reports/{code}/actions/supply_info",
        {"payload": '{"message": "RT 03 RW 02, fotonya terlampir."}', "files": [upload]},
        headers={"X-Access-Token": secret},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "submitted" and len(data["attachments"]) == 1
    assert data["attachments"][0]["content_type"] == "image/jpeg"


def test_postpone_archive_merge_reopen(api: Any, world: Any, token: Any) -> None:
    verifier = token(world.verifier)
    first, second = api.create().json()["code"], api.create().json()["code"]
    postponed = api.act(
        first,
        "postpone",
        bearer=verifier,
        until=(date.today() + timedelta(days=30)).isoformat(),
        message="Menunggu data.",
    )
    assert postponed.status_code == 200 and postponed.json()["status"] == "postponed"
    merged = api.act(second, "merge", bearer=verifier, into=first)
    assert merged.status_code == 200 and merged.json()["status"] == "archived"
    third = api.create().json()["code"]
    archived = api.act(third, "archive", bearer=verifier, reason="spam")
    assert archived.json()["status"] == "archived"
    reopened = api.act(third, "reopen", bearer=verifier, message="Ternyata bukan spam.")
    assert reopened.status_code == 200 and reopened.json()["status"] != "archived"


def test_not_authority_returns_to_the_verifier(api: Any, world: Any, token: Any) -> None:
    verifier, admin = token(world.verifier), token(world.regency_admin)
    code = api.create().json()["code"]
    api.act(code, "verify", bearer=verifier, institution="pemkab-33-26")
    declined = api.act(code, "not_authority", bearer=admin, reason="Jalan provinsi.", proposal="pemprov-33")
    assert declined.status_code == 200, declined.content
    assert declined.json()["status"] == "submitted"
    refused = api.act(code, "accept", bearer=admin)
    assert_error(refused, 403 if refused.status_code == 403 else 409)
