"""TOTP second factor (django-otp): enrolment at /kantor/akun/2fa/, the login's second step at
/kantor/akun/verifikasi/, and /kantor/ closed to a session that has not passed it."""

from __future__ import annotations

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD

from .helpers import html


def wait_out_throttle(device: TOTPDevice) -> None:
    """django-otp makes people wait a little after a wrong code; a test does not sleep."""
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)


def code(device: TOTPDevice, drift: int = 0) -> str:
    """The code an authenticator app shows now (or `drift` steps of 30 s later)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def sign_in(username: str) -> Client:
    client = Client()
    response = client.post("/masuk/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_enrol_then_every_login_asks_for_a_code(world):
    client = sign_in("admin-kab")
    page = client.get("/kantor/akun/2fa/")
    text = html(page)
    assert page.status_code == 200
    assert '<div class="qr" id="otp-qr"' in text and "<svg" in text
    device = TOTPDevice.objects.get(user=world.regency_admin, confirmed=False)
    secret = text.split('id="otp-secret">')[1].split("<")[0].replace(" ", "")
    from base64 import b32decode

    assert b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key
    wrong = client.post("/kantor/akun/2fa/", {"otp_token": "12345"})
    assert wrong.status_code == 400 and "Kode tidak cocok" in html(wrong)
    assert not TOTPDevice.objects.filter(user=world.regency_admin, confirmed=True).exists()
    wait_out_throttle(device)
    confirmed = client.post("/kantor/akun/2fa/", {"otp_token": code(device)})
    assert confirmed.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/kantor/").status_code == 200  # this session passed the second factor already

    # A new sign-in: password first, then the code.
    fresh = sign_in("admin-kab")
    blocked = fresh.get("/kantor/")
    assert blocked.status_code == 302 and blocked["Location"] == "/kantor/akun/verifikasi/?next=%2Fkantor%2F"
    assert fresh.get("/kantor/laporan/ABCD-EFGH/")["Location"].startswith("/kantor/akun/verifikasi/")
    form = fresh.get("/kantor/akun/verifikasi/?next=/kantor/")
    assert 'name="otp_token"' in html(form) and ">Verifikasi</button>" in html(form)
    bad = fresh.post("/kantor/akun/verifikasi/", {"otp_token": "12345", "next": "/kantor/"})
    assert bad.status_code == 400 and 'id="otp-error"' in html(bad)
    wait_out_throttle(device)
    # The code used at enrolment cannot be replayed; the next one from the app is accepted.
    good = fresh.post("/kantor/akun/verifikasi/", {"otp_token": code(device, drift=1), "next": "/kantor/"})
    assert good.status_code == 302 and good["Location"] == "/kantor/"
    assert fresh.get("/kantor/").status_code == 200


def test_a_confirmed_device_is_required_with_a_real_code(world):
    device = TOTPDevice.objects.create(user=world.verifier, name="ponsel", confirmed=True)
    client = sign_in("verifikator")
    assert client.get("/kantor/").status_code == 302
    response = client.post("/kantor/akun/verifikasi/", {"otp_token": code(device), "next": "https://jahat.example/"})
    assert response.status_code == 302 and response["Location"] == "/kantor/"  # no open redirect
    assert client.get("/kantor/").status_code == 200


def test_require_2fa_sends_staff_without_a_device_to_enrol(world, settings):
    settings.ADUAN_REQUIRE_2FA = True
    client = sign_in("dinas-pu")
    response = client.get("/kantor/")
    assert response.status_code == 302 and response["Location"].startswith("/kantor/akun/2fa/?next=")
    assert client.get("/kantor/akun/2fa/").status_code == 200
    device = TOTPDevice.objects.get(user=world.liaison)
    done = client.post("/kantor/akun/2fa/", {"otp_token": code(device), "next": "/kantor/"})
    assert done["Location"] == "/kantor/"
    assert client.get("/kantor/").status_code == 200


def test_without_a_device_and_without_the_requirement_no_code_is_asked(world):
    client = sign_in("admin-kab")
    assert client.get("/kantor/").status_code == 200
    assert client.get("/kantor/akun/verifikasi/")["Location"] == "/kantor/"


def test_removing_the_device_needs_a_code(world, client_for):
    device = TOTPDevice.objects.create(user=world.regency_admin, name="ponsel", confirmed=True)
    client = sign_in("admin-kab")
    assert client.get("/kantor/akun/2fa/")["Location"].startswith("/kantor/akun/verifikasi/")
    client.post("/kantor/akun/verifikasi/", {"otp_token": code(device)})
    page = client.get("/kantor/akun/2fa/")
    assert 'id="otp-active"' in html(page)
    refused = client.post("/kantor/akun/2fa/", {"remove": "1", "otp_token": "99999"})
    assert refused.status_code == 400 and "Kode tidak cocok" in html(refused)
    assert TOTPDevice.objects.filter(user=world.regency_admin).exists()
    wait_out_throttle(device)
    client.post("/kantor/akun/2fa/", {"remove": "1", "otp_token": code(device, drift=1)})
    assert not TOTPDevice.objects.filter(user=world.regency_admin).exists()


def test_not_for_citizens_or_strangers(world, client, client_for):
    assert client.get("/kantor/akun/2fa/")["Location"].startswith("/masuk/")
    assert client.get("/kantor/akun/verifikasi/")["Location"].startswith("/masuk/")
    assert client_for(world.citizen).get("/kantor/akun/2fa/").status_code == 403


def test_wrong_codes_are_throttled(world):
    device = TOTPDevice.objects.create(user=world.verifier, name="ponsel", confirmed=True)
    client = sign_in("verifikator")
    client.post("/kantor/akun/verifikasi/", {"otp_token": "12345"})
    throttled = client.post("/kantor/akun/verifikasi/", {"otp_token": code(device)})
    assert throttled.status_code == 400 and "Coba lagi dalam" in html(throttled)
    assert client.get("/kantor/").status_code == 302


def test_helpers_for_the_sign_in_page_and_other_apps(world, rf):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp.middleware import OTPMiddleware

    from aduan.backoffice.access import after_login_url, staff_session_verified

    TOTPDevice.objects.create(user=world.regency_admin, name="ponsel", confirmed=True)

    def request_for(user):
        request = rf.get("/")
        request.session = SessionStore()
        request.user = user
        OTPMiddleware(lambda r: None)._install_lazy_accessors(request)
        return request

    admin = request_for(world.regency_admin)
    assert after_login_url(admin, "/kantor/") == "/kantor/akun/verifikasi/?next=%2Fkantor%2F"
    assert not staff_session_verified(admin)
    verifier = request_for(world.verifier)
    assert after_login_url(verifier, "/kantor/") == "/kantor/"
    assert staff_session_verified(verifier)
    citizen = request_for(world.citizen)
    assert after_login_url(citizen, "/saya/") == "/saya/" and not staff_session_verified(citizen)
    assert not staff_session_verified(request_for(AnonymousUser()))
