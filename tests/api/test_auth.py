"""Tokens: username and password for a bearer token, expiry, revocation, second factor; application keys
file into their institution's queue; rate limits per address and per token answer 429 with Retry-After."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from aduan.channels import keys
from aduan.channels.models import ApiToken
from aduan.reports.models import Report
from tests.api.conftest import assert_error
from tests.conftest import PASSWORD


def test_token_for_username_and_password(api: Any, world: Any) -> None:
    response = api.post("/api/v1/auth/token", {"username": "warga", "password": PASSWORD})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["token"].startswith("adt_") and data["token_type"] == "Bearer" and data["expires_at"]
    mine = api.get("/api/v1/me/reports", bearer=data["token"])
    assert mine.status_code == 200 and mine.json()["results"] == []
    assert data["token"] not in str(list(ApiToken.objects.values_list("key_hash", flat=True)))


def test_wrong_password(api: Any, world: Any) -> None:
    response = api.post("/api/v1/auth/token", {"username": "warga", "password": "salah-sekali"})
    assert_error(response, 401, "invalid_credentials")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_missing_fields_are_a_validation_error(api: Any, world: Any) -> None:
    data = assert_error(api.post("/api/v1/auth/token", {"username": "warga"}), 422, "validation_error")
    assert data["errors"][0]["loc"][-1] == "password"


def test_invalid_and_expired_tokens(api: Any, world: Any) -> None:
    assert_error(api.get("/api/v1/me/reports", bearer="adt_bukan-token"), 401, "invalid_token")
    assert_error(api.get("/api/v1/reports", bearer="adk_bukan-kunci"), 401, "invalid_key")
    response = api.client.get("/api/v1/reports", headers={"Authorization": "Basic d2FyZ2E6eA=="})
    assert_error(response, 401, "invalid_auth")
    token, secret = keys.create_token(world.citizen)
    assert api.get("/api/v1/me/reports", bearer=secret).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert_error(api.get("/api/v1/me/reports", bearer=secret), 401, "invalid_token")


def test_revoke(api: Any, world: Any, token: Any) -> None:
    secret = token(world.citizen)
    response = api.client.delete("/api/v1/auth/token", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 204
    assert_error(api.get("/api/v1/me/reports", bearer=secret), 401, "invalid_token")


def test_me_needs_a_person(api: Any, world: Any) -> None:
    assert_error(api.get("/api/v1/me/reports"), 401, "unauthorized")
    assert_error(api.get("/api/v1/reports", mine="true"), 401, "unauthorized")


def test_second_factor(api: Any, world: Any) -> None:
    device = TOTPDevice.objects.create(user=world.regency_admin, name="hp", confirmed=True)
    body = {"username": "admin-kab", "password": PASSWORD}
    assert_error(api.post("/api/v1/auth/token", body), 401, "otp_required")
    assert_error(api.post("/api/v1/auth/token", {**body, "otp": "000000"}), 401, "invalid_otp")
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the device wait before the next try
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"
    assert api.post("/api/v1/auth/token", {**body, "otp": code}).status_code == 201


def test_app_key_files_into_its_institution_queue(api: Any, world: Any) -> None:
    _key, secret = keys.create_key("Aplikasi Pekalongan", institution=world.regency)
    response = api.create(bearer=secret)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["access_token"]  # the reporter has no account: the app keeps the secret for them
    report = Report.objects.get(code=data["code"])
    assert report.channel == "app" and report.intake_institution == world.regency


def test_rate_limit_per_address(api: Any, world: Any, settings: Any) -> None:
    settings.ADUAN_API_RATE = "3/min"
    for _ in range(3):
        assert api.get("/api/v1/categories").status_code == 200
    response = api.get("/api/v1/categories")
    data = assert_error(response, 429, "rate_limited")
    assert int(response["Retry-After"]) >= 1 and "detik" in data["detail"]
    other = api.client.get("/api/v1/categories", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200  # another address has its own count


def test_rate_limit_per_token(api: Any, world: Any, token: Any, settings: Any) -> None:
    settings.ADUAN_API_RATE = "1/min"
    settings.ADUAN_API_TOKEN_RATE = "2/min"
    first, second = token(world.citizen), token(world.stranger)
    assert api.get("/api/v1/categories", bearer=first).status_code == 200
    assert api.get("/api/v1/categories", bearer=first).status_code == 200
    assert_error(api.get("/api/v1/categories", bearer=first), 429, "rate_limited")
    assert api.get("/api/v1/categories", bearer=second).status_code == 200


def test_guessing_tokens_counts_against_the_address(api: Any, world: Any, settings: Any) -> None:
    settings.ADUAN_API_RATE = "2/min"
    for _ in range(2):
        assert_error(api.get("/api/v1/reports", bearer="adt_tebak"), 401)
    assert_error(api.get("/api/v1/reports", bearer="adt_tebak"), 429, "rate_limited")
