"""axe-core over every kind of page each person opens (labels, contrast, landmarks, ARIA): no serious or
critical violation, in Indonesian on a phone for citizens and the public, on a desktop for staff."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from aduan.reports import lifecycle
from aduan.reports.actors import Actor

from .helpers import assert_accessible


def _responded_report(world: Any) -> tuple[str, str]:
    submission = lifecycle.submit(
        Actor(),
        classification="complaint",
        title="Saluran air tersumbat di Desa Bodas",
        body="Saluran di samping balai desa tersumbat sampah; jalan tergenang setiap hujan.",
        category="jalan-rusak",
        region="33.26.01.2001",
        reporter={"name": "Budi Santoso", "phone": "085712345678"},
    )
    code = submission.report.code
    lifecycle.verify(world.actor(world.verifier), code, institution=world.regency.code)
    lifecycle.assign(world.actor(world.regency_admin), code, institution=world.dinas_pu.code)
    lifecycle.respond(world.actor(world.liaison), code, message="Saluran sudah dibersihkan oleh Dinas PU.")
    assert submission.access_token
    return code, submission.access_token


def _check(page: Page, paths: list[str]) -> None:
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        assert_accessible(page)


def test_public_and_citizen_pages_are_accessible_on_a_phone(phone: Page, browser_world: Any) -> None:
    code, token = _responded_report(browser_world)
    _check(
        phone,
        [
            "/laporan/",
            f"/laporan/{code}/",
            f"/instansi/{browser_world.regency.slug}/",
            "/statistik/",
            "/data/",
            "/lacak/",
            f"/lacak/{code}/?t={token}",  # the reporter's view, with the dispute/confirm forms
            "/masuk/",
            "/daftar/",
        ],
    )


def test_back_office_pages_are_accessible(as_user: Any, browser_world: Any) -> None:
    code, _ = _responded_report(browser_world)
    verifier = as_user("verifikator")
    _check(verifier, ["/kantor/", f"/kantor/laporan/{code}/"])
    # A report still open, as the verifier (verify, request info, archive…) and then the regency admin
    # (accept, assign, respond…) see it, with their action forms.
    second = lifecycle.submit(
        Actor(), classification="aspiration", title="Usul lampu jalan", body="Mohon dipasang lampu jalan."
    ).report.code
    _check(verifier, [f"/kantor/laporan/{second}/"])
    lifecycle.verify(browser_world.actor(browser_world.verifier), second, institution=browser_world.regency.code)
    _check(as_user("admin-kab"), ["/kantor/", f"/kantor/laporan/{second}/"])
