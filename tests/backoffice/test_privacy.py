"""Privacy in the back office: an anonymous reporter's details never reach the handlers' or oversight's
pages (only the verifier's); institutions only ever list their own subtree; the forms offered are exactly
what the lifecycle allows."""

from __future__ import annotations

import pytest

from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from tests.conftest import REPORTER

from .helpers import action_forms, html, offered, queue_codes

SECRETS = [
    REPORTER["name"],
    "Rahmawati",
    REPORTER["phone"],
    "6281234567890",  # the same phone number as +62…
    REPORTER["email"],
    REPORTER["nik"],
]
TITLE = f"{REPORTER['name']} melaporkan jalan berlubang"
BODY = (
    f"Saya {REPORTER['name']} (NIK {REPORTER['nik']}, HP {REPORTER['phone']}, e-mail {REPORTER['email']}) "
    "melaporkan jalan utama Desa Bodas yang berlubang dalam sejak bulan lalu."
)


@pytest.fixture
def anonymous_report(world, file_report):
    """Anonymous, its details in the title, the body and a reply; routed to the regency and its Dinas PU."""
    submission = file_report(anonymous=True, title=TITLE, body=BODY)
    report = submission.report
    verifier, admin = world.actor(world.verifier), world.actor(world.regency_admin)
    lifecycle.verify(verifier, report, institution="pemkab-33-26", message="Diteruskan ke Pemkab Pekalongan.")
    lifecycle.assign(admin, report, institution="pemkab-33-26-dinas-pu")
    reporter = Actor.reporter_with_token(submission.access_token)
    lifecycle.reply(reporter, report, message=f"Ini {REPORTER['name']}, hubungi saya di {REPORTER['phone']}.")
    lifecycle.note(admin, report, message="Cek lokasi minggu ini.")
    return report


def leaked(page: str) -> list[str]:
    lowered = page.lower()
    return [secret for secret in SECRETS if secret.lower() in lowered]


@pytest.mark.parametrize("role", ["regency_admin", "province_admin", "liaison", "oversight"])
def test_anonymous_reporter_never_reaches_handlers_or_oversight(world, client_for, anonymous_report, role):
    client = client_for(getattr(world, role))
    queue = client.get("/kantor/?status=semua")
    assert queue.status_code == 200
    assert anonymous_report.code in queue_codes(queue)
    page = client.get(f"/kantor/laporan/{anonymous_report.code}/")
    assert page.status_code == 200
    for response in (queue, page):
        assert leaked(html(response)) == []
    text = html(page)
    assert "Pelapor " in text  # a pseudonym stands in for the reporter
    assert 'id="reporter-identity"' not in text
    assert "[nama disembunyikan]" in text  # the body is there, redacted


def test_the_verifier_sees_the_identity(world, client_for, anonymous_report):
    page = client_for(world.verifier).get(f"/kantor/laporan/{anonymous_report.code}/")
    text = html(page)
    assert 'id="reporter-identity"' in text
    for secret in (REPORTER["name"], REPORTER["email"], REPORTER["nik"]):
        assert secret in text
    assert BODY.split("(", maxsplit=1)[0].strip() in text  # the original text


def test_a_handler_cannot_find_an_anonymous_report_by_its_reporters_name(world, client_for, anonymous_report):
    client = client_for(world.regency_admin)
    assert queue_codes(client.get("/kantor/", {"q": "Rahmawati"})) == []
    assert queue_codes(client.get("/kantor/", {"q": anonymous_report.code})) == [anonymous_report.code]
    verifier = client_for(world.verifier)
    assert queue_codes(verifier.get("/kantor/", {"q": "Rahmawati"})) == [anonymous_report.code]


def test_institutions_only_list_their_own_subtree(world, client_for, routed, assigned):
    ours = assigned()
    regency_only = routed()
    theirs = routed(institution="pemkot-33-75", title="Lampu jalan mati di Kota Pekalongan")
    national = routed(institution="kemen-pu", title="Jalan nasional rusak")
    expectations = {
        world.regency_admin: {ours.code, regency_only.code},
        world.liaison: {ours.code},
        world.other_admin: {theirs.code},
        world.province_admin: {ours.code, regency_only.code, theirs.code},
        world.health_liaison: set(),
        world.oversight: {ours.code, regency_only.code, theirs.code, national.code},
        world.verifier: {ours.code, regency_only.code, theirs.code, national.code},
    }
    for user, codes in expectations.items():
        listed = set(queue_codes(client_for(user).get("/kantor/?status=semua")))
        assert listed == codes, user.username


def test_other_institutions_cannot_open_the_report(world, client_for, assigned):
    report = assigned()
    for user in (world.other_admin, world.other_liaison, world.health_liaison):
        client = client_for(user)
        assert client.get(f"/kantor/laporan/{report.code}/").status_code == 404
        response = client.post(f"/kantor/laporan/{report.code}/aksi/respond/", {"message": "Sudah kami tangani."})
        assert response.status_code == 404
    assert reload_status(report) == "in_progress"


def reload_status(report) -> str:
    report.refresh_from_db()
    return report.status


def _states(world, file_report, routed, assigned):
    submitted = file_report().report
    dispositioned = routed()
    in_progress = assigned()
    responded = assigned()
    lifecycle.respond(world.actor(world.liaison), responded, message="Jalan sudah ditambal oleh Dinas PU.")
    archived = file_report().report
    lifecycle.archive(world.actor(world.verifier), archived, reason="spam")
    return [submitted, dispositioned, in_progress, responded, archived]


def test_forms_offered_equal_the_lifecycle_offer_for_every_role(world, client_for, file_report, routed, assigned):
    reports = _states(world, file_report, routed, assigned)
    users = [
        world.verifier,
        world.regency_admin,
        world.province_admin,
        world.liaison,
        world.health_liaison,
        world.oversight,
    ]
    seen: dict[str, set[str]] = {}
    for user in users:
        client = client_for(user)
        for report in reports:
            page = client.get(f"/kantor/laporan/{report.code}/")
            if page.status_code == 404:
                assert offered(world, user, report) == []
                continue
            assert action_forms(page) == offered(world, user, report), (user.username, report.status)
            seen.setdefault(user.username, set()).update(action_forms(page))
    assert "respond" in seen["dinas-pu"] and "verify" not in seen["dinas-pu"]
    assert "verify" in seen["verifikator"] and "respond" not in seen["verifikator"]
    assert seen.get("admin-prov", set()) == set()  # reads its regencies' reports, acts for none
    assert seen.get("ombudsman", set()) == set()
