"""An anonymous reporter's identity appears on no page an institution user or the public can open —
not even where the reporter wrote their own name and number into the report and their messages.

The test reads the whole HTML of every page each person can reach about the report (`page.content()`:
attributes, hidden inputs, scripts and comments included) and searches it for the name, the phone number
in every way it is written (0812…, 62812…, +62 812-…), the e-mail address and the NIK."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page

from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.models import Report, Status

from .helpers import fill_report, submit_report

NAME = "Siti Rahmawati"
SURNAME = "Rahmawati"
PHONE = "081234567890"
EMAIL = "siti.rahma@example.id"
NIK = "3326014107900002"
TITLE = "Pungutan liar di kantor desa"
BODY = (
    f"Saya {NAME}, warga RT 02. Perangkat desa meminta uang Rp 200.000 untuk surat pengantar KTP. "
    "Kalau perlu keterangan, hubungi saya di 0812-3456-7890 atau +62 812 3456 7890."
)
REPLY = f"Ini {NAME} lagi. Nomor WhatsApp saya 6281234567890, silakan dihubungi."
RESPONSE = "Inspektorat kabupaten sudah memeriksa perangkat desa yang bersangkutan."

# The subscriber number with any separators people write, behind 0, 62 or +62.
_DIGITS = PHONE[1:]
PHONE_ANY_FORM = re.compile(r"(?:\+\s*62|62|0)[\s.\-()]*" + r"[\s.\-()]*".join(_DIGITS))


def _leaks(html: str) -> list[str]:
    found = [text for text in (NAME, SURNAME, EMAIL, NIK) if text.lower() in html.lower()]
    found += [match.group(0) for match in PHONE_ANY_FORM.finditer(html)]
    return found


def _anonymous_report(world: Any, phone: Page) -> str:
    """File it on a phone as a citizen without an account, anonim ticked and every contact given; take it
    through verify → assign → respond, with a message from the reporter (who writes their name and number
    again) along the way."""
    phone.goto("/lapor/")
    fill_report(phone, title=TITLE, body=BODY, name=NAME, phone=PHONE, email=EMAIL, nik=NIK)
    phone.locator("#id_anonymous").check()
    submit_report(phone)
    phone.wait_for_url("**/lapor/terkirim/**")
    code = phone.locator("#tracking-code").inner_text().strip()
    token = parse_qs(urlsplit(phone.locator("#secret-link").input_value()).query)["t"][0]
    report = Report.objects.get(code=code)
    assert report.anonymous and report.reporter is not None
    assert report.reporter.reveal()["name"] == NAME

    reporter = Actor.reporter_with_token(token)
    lifecycle.verify(world.actor(world.verifier), code, institution=world.regency.code)
    lifecycle.reply(reporter, code, message=REPLY)
    lifecycle.assign(world.actor(world.regency_admin), code, institution=world.dinas_pu.code)
    lifecycle.respond(world.actor(world.liaison), code, message=RESPONSE)
    return code


def _visit(page: Page, path: str, seen: dict[str, list[str]], who: str, *, expect_ok: bool = True) -> str:
    response = page.goto(path)
    assert response is not None
    if expect_ok:
        assert response.status == 200, f"{who} could not open {path}: {response.status}"
    html = page.content()
    seen[f"{who} {path} ({response.status})"] = _leaks(html)
    return html


def test_anonymous_reporter_is_named_on_no_page_handlers_or_public_open(
    as_user: Any, phone: Page, browser_world: Any
) -> None:
    world = browser_world
    code = _anonymous_report(world, phone)
    assert Report.objects.get(code=code).status == Status.RESPONDED
    seen: dict[str, list[str]] = {}

    staff = ["admin-kab", "dinas-pu", "admin-prov", "ombudsman"]
    for username in staff:
        page = as_user(username)
        _visit(page, "/kantor/", seen, username)
        _visit(page, f"/kantor/?q={code}", seen, username)
        html = _visit(page, f"/kantor/laporan/{code}/", seen, username)
        assert TITLE in html, f"{username} should read the report itself"
        assert RESPONSE in html
        for path in ("/laporan/", f"/laporan/{code}/", f"/lacak/{code}/"):
            _visit(page, path, seen, username)

    visitor = as_user(None)
    for path in (
        "/",
        "/laporan/",
        f"/laporan/?q={code}",
        f"/laporan/?wilayah=33.26&instansi={world.regency.code}",
        f"/laporan/{code}/",
        f"/lacak/{code}/",
        f"/lacak/?kode={code}",
        f"/instansi/{world.regency.slug}/",
    ):
        _visit(visitor, path, seen, "pengunjung")
    # Searching for the reporter's name or number does not find the report either.
    for query in (SURNAME, PHONE):
        visitor.goto(f"/laporan/?q={query}")
        assert code not in visitor.content(), f"the public search for {query!r} finds the anonymous report"

    visitor.goto(f"/laporan/{code}/")
    assert TITLE in visitor.content() and RESPONSE in visitor.content()

    leaks = {where: found for where, found in seen.items() if found}
    assert not leaks, f"the anonymous reporter's identity is on these pages: {leaks}"

    # The search itself works: every form of the number is found in the texts, and the verifier (who
    # screens reports, DESIGN §2) does see the reporter on the same back-office page.
    assert len(PHONE_ANY_FORM.findall(BODY + REPLY)) == 3
    verifier = as_user("verifikator")
    verifier.goto(f"/kantor/laporan/{code}/")
    assert NAME in verifier.content()
