"""Only oversight opens the console and downloads bundles; everyone else is refused like elsewhere in /kantor/."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from aduan.oversight.models import AccessLog

from .conftest import REASON

PAGES = [
    "/kantor/pengawasan/",
    "/kantor/pengawasan/pelanggaran/",
    "/kantor/pengawasan/pelanggaran/?jenis=pernah",
    "/kantor/pengawasan/eskalasi/",
    "/kantor/pengawasan/instansi/",
    "/kantor/pengawasan/log/",
    "/kantor/pengawasan/log.csv",
    "/kantor/pengawasan/berkas/",
]
OTHERS = ["verifier", "regency_admin", "province_admin", "liaison", "citizen", "stranger"]


def test_oversight_opens_every_page(world, client_for, routed):
    report = routed()
    client = client_for(world.oversight)
    for url in [*PAGES, f"/kantor/pengawasan/berkas/laporan/{report.code}/"]:
        response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("who", OTHERS)
def test_everyone_else_is_refused(world, client_for, routed, who):
    report = routed()
    client = client_for(getattr(world, who))
    for url in [*PAGES, f"/kantor/pengawasan/berkas/laporan/{report.code}/"]:
        assert client.get(url).status_code == 403, url
    assert client.post(f"/kantor/pengawasan/berkas/laporan/{report.code}/", {"reason": REASON}).status_code == 403
    assert client.post("/kantor/pengawasan/berkas/", {"reason": REASON, "saringan": ""}).status_code == 403
    assert not AccessLog.objects.exists()


def test_signed_out_goes_to_sign_in(world, routed):
    report = routed()
    client = Client()
    for url in [*PAGES, f"/kantor/pengawasan/berkas/laporan/{report.code}/"]:
        response = client.get(url)
        assert response.status_code == 302 and "next=" in response["Location"], url
    response = client.post(f"/kantor/pengawasan/berkas/laporan/{report.code}/", {"reason": REASON})
    assert response.status_code == 302
    assert not AccessLog.objects.exists()


def test_second_factor_is_owed_before_the_console(world, client_for, routed):
    TOTPDevice.objects.create(user=world.oversight, name="default", confirmed=True)
    client = client_for(world.oversight)
    response = client.get("/kantor/pengawasan/")
    assert response.status_code == 302 and response["Location"].startswith("/kantor/akun/verifikasi/")
    report = routed()
    response = client.post(f"/kantor/pengawasan/berkas/laporan/{report.code}/", {"reason": REASON})
    assert response.status_code == 302
    assert not AccessLog.objects.exists()


def test_required_2fa_sends_oversight_to_enrol(world, client_for, settings):
    settings.ADUAN_REQUIRE_2FA = True
    response = client_for(world.oversight).get("/kantor/pengawasan/")
    assert response.status_code == 302 and response["Location"].startswith("/kantor/akun/2fa/")
