"""The story of issue 3, each person in a browser of their own: a citizen files a report with a photo and
a location on a phone; the national verifier routes it to the regency; the regency routes it to its Dinas
PU; the unit responds; the citizen disputes; the unit responds again; the citizen confirms and rates. At
each step, what every other role sees is checked too."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from aduan.reports.models import ClosedHow, Report, Status

from .helpers import CODE_RE, act, attach, exif_of, fill_report, in_queue, make_jpeg, status_of, submit_report

TITLE = "Jembatan gantung Desa Bodas miring"
BODY = "Tali baja jembatan gantung di Dusun Krajan kendur; jembatan miring dan dipakai anak sekolah tiap pagi."
ADDRESS = "Jembatan Dusun Krajan, Desa Bodas"
RESPONSE_1 = "Tim Dinas PU sudah meninjau lokasi; pengencangan tali dijadwalkan pekan depan."
DISPUTE = "Sudah dua minggu, jembatan masih miring dan belum ada pekerjaan."
RESPONSE_2 = "Tali baja sudah diganti dan jembatan diluruskan pada hari Selasa."
DENIED = (403, 404)
BODAS = {"latitude": -7.0733, "longitude": 109.5955}


def _opens(page: Page, path: str) -> int:
    response = page.goto(path)
    assert response is not None
    return response.status


def _main(page: Page) -> Any:
    return expect(page.locator("main"))


def test_report_from_phone_to_confirmed_resolution(as_user: Any, browser_world: Any, tmp_path: Path) -> None:
    world = browser_world
    citizen = as_user("warga", mobile=True, geolocation=BODAS, permissions=["geolocation"])
    visitor = as_user(None)
    verifier = as_user("verifikator")
    regency = as_user("admin-kab")
    other_city = as_user("admin-kota")
    liaison = as_user("dinas-pu")
    oversight = as_user("ombudsman")

    # 1. The citizen files it on the phone: photo, village, address (and the map pin where it loads).
    citizen.goto("/lapor/")
    fill_report(citizen, title=TITLE, body=BODY, address=ADDRESS)
    # The pin: "use my location" on the map (Leaflet loads on demand; the tiles need not).
    citizen.locator("#map-button").click()
    citizen.locator("#map-locate").click()
    expect(citizen.locator("#id_latitude")).to_have_value(re.compile(r"^-7\.07"))
    attach(citizen, make_jpeg(tmp_path / "jembatan.jpg"))
    submit_report(citizen)
    citizen.wait_for_url("**/lapor/terkirim/**")
    found = CODE_RE.search(citizen.locator("main").inner_text())
    assert found
    code = found.group(0)
    report = Report.objects.get(code=code)
    assert report.reporter_user_id == world.citizen.pk
    assert report.region_id == "33.26.01.2001" and report.address == ADDRESS
    assert abs(float(report.latitude) - BODAS["latitude"]) < 1e-3
    assert abs(float(report.longitude) - BODAS["longitude"]) < 1e-3
    [photo] = report.attachments.all()
    photo_url = f"/lampiran/{photo.pk}/"
    page = f"/kantor/laporan/{code}/"
    public = f"/laporan/{code}/"

    citizen.goto("/saya/")
    _main(citizen).to_contain_text(TITLE)
    citizen.goto(f"/lacak/{code}/")
    expect(citizen.locator("#status-label")).to_have_text("Belum terverifikasi")
    # Before verification: nothing public, nothing for institutions.
    assert _opens(visitor, public) == 404
    assert visitor.request.get(photo_url).status in DENIED
    visitor.goto("/laporan/")
    _main(visitor).not_to_contain_text(TITLE)
    assert _opens(regency, page) in DENIED
    assert _opens(liaison, page) in DENIED

    # 2. The verifier finds it in the queue, verifies it and routes it to the regency.
    verifier.goto("/kantor/")
    expect(in_queue(verifier, code)).to_be_visible()
    in_queue(verifier, code).locator("a.report-link").click()
    verifier.wait_for_url(f"**{page}")
    expect(verifier.locator("#report-title")).to_have_text(TITLE)
    expect(verifier.locator("#attachments")).to_contain_text("jembatan.jpg")
    expect(verifier.locator("#action-respond")).to_have_count(0)
    # The institution is found by searching for it; choosing a result fills in its code.
    verifier.locator("#verify-search").fill("Kabupaten Pekalongan")
    verifier.locator(f"#verify-results button[data-code='{world.regency.code}']").first.click()
    expect(verifier.locator("#verify-institution")).to_have_value(world.regency.code)
    act(verifier, "verify")
    assert status_of(code) == Status.DISPOSITIONED
    expect(verifier.locator("#report-status")).to_have_text("Belum ditindaklanjuti")

    assert _opens(visitor, public) == 200
    _main(visitor).to_contain_text(TITLE)
    # The photo is public now, without the camera's EXIF (location above all).
    expect(visitor.locator(f"main img[src='{photo_url}']")).to_have_count(1)
    shared = visitor.request.get(photo_url)
    assert shared.status == 200 and shared.headers["content-type"] == "image/jpeg"
    assert exif_of(shared.body()) == {}
    _main(visitor).to_contain_text("Belum ditindaklanjuti")
    citizen.goto(f"/lacak/{code}/")
    expect(citizen.locator("#status-label")).to_have_text("Belum ditindaklanjuti")
    # The other city's admin neither lists nor opens it; the unit not yet.
    other_city.goto("/kantor/")
    expect(in_queue(other_city, code)).to_have_count(0)
    assert _opens(other_city, page) in DENIED
    assert _opens(liaison, page) in DENIED

    # 3. The regency admin routes it to Dinas PU.
    regency.goto("/kantor/")
    expect(in_queue(regency, code)).to_be_visible()
    regency.goto(page)
    expect(regency.locator("#action-verify")).to_have_count(0)
    act(regency, "assign", institution=world.dinas_pu.code)
    assert status_of(code) == Status.IN_PROGRESS
    expect(regency.locator("#report-status")).to_have_text("Diproses")

    # 4. The unit responds; it may respond and not verify or route.
    liaison.goto("/kantor/")
    expect(in_queue(liaison, code)).to_be_visible()
    liaison.goto(page)
    expect(liaison.locator("#action-respond")).to_be_visible()
    expect(liaison.locator("#action-verify")).to_have_count(0)
    expect(liaison.locator("#action-assign")).to_have_count(0)
    act(liaison, "respond", message=RESPONSE_1)
    assert status_of(code) == Status.RESPONDED
    expect(liaison.locator("#report-status")).to_have_text("Ditanggapi")

    visitor.goto(public)
    _main(visitor).to_contain_text(RESPONSE_1)
    _main(visitor).to_contain_text("Ditanggapi")
    # Oversight reads everything, acts on nothing here.
    assert _opens(oversight, page) == 200
    _main(oversight).to_contain_text(RESPONSE_1)
    expect(oversight.locator("form[id^=action-]")).to_have_count(0)
    assert _opens(other_city, page) in DENIED

    # 5. The citizen disputes it on the tracking page.
    citizen.goto(f"/lacak/{code}/")
    _main(citizen).to_contain_text(RESPONSE_1)
    expect(citizen.locator("#aksi-rate")).to_have_count(0)
    act(citizen, "dispute", prefix="aksi", message=DISPUTE)
    assert status_of(code) == Status.IN_PROGRESS
    assert Report.objects.get(code=code).dispute_count == 1
    expect(citizen.locator("#status-label")).to_have_text("Diproses")
    # Handlers read the dispute; the public does not read the citizen's own words.
    liaison.goto(page)
    _main(liaison).to_contain_text(DISPUTE)
    visitor.goto(public)
    _main(visitor).to_contain_text("Diproses")
    _main(visitor).not_to_contain_text(DISPUTE)

    # 6. The unit responds again.
    act(liaison, "respond", message=RESPONSE_2)
    assert status_of(code) == Status.RESPONDED

    # 7. The citizen confirms and rates.
    citizen.goto(f"/lacak/{code}/")
    _main(citizen).to_contain_text(RESPONSE_2)
    act(citizen, "confirm", prefix="aksi")
    report = Report.objects.get(code=code)
    assert (report.status, report.closed_how) == (Status.COMPLETED, ClosedHow.CONFIRMED)
    expect(citizen.locator("#status-label")).to_have_text("Selesai")
    act(citizen, "rate", prefix="aksi", score="5", message="Cepat dan tuntas, terima kasih.")
    assert Report.objects.get(code=code).rating == 5
    expect(citizen.locator("#aksi-rate")).to_have_count(0)

    visitor.goto(public)
    _main(visitor).to_contain_text("Selesai")
    _main(visitor).to_contain_text(RESPONSE_2)
    regency.goto(page)
    expect(regency.locator("#report-status")).to_have_text("Selesai")
    expect(regency.locator("#action-respond")).to_have_count(0)
