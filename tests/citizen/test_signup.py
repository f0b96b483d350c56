"""`/daftar/`: sign up with Django's password rules, be signed in, and have the report just sent claimed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from aduan.reports.models import Report, ReportEvent

from .helpers import report_form, text_of

NEW = {"username": "rina", "email": "rina@example.id", "password1": "sungai-biru-742", "password2": "sungai-biru-742"}


def test_sign_up_claims_the_report_just_sent(client: Client, world: Any) -> None:
    client.post("/lapor/", report_form())
    report = Report.objects.get()
    page = text_of(client.get("/daftar/"))
    assert report.code in page  # it says which report will be linked
    response = client.post("/daftar/", NEW)
    assert response.status_code == 302 and response["Location"] == f"/lacak/{report.code}/"
    user = User.objects.get(username="rina")
    report.refresh_from_db()
    assert report.reporter_user == user
    assert ReportEvent.objects.filter(report=report, kind="claimed").count() == 1
    # Signed in, and the report is now theirs without the link.
    assert report.code in text_of(client.get("/saya/"))
    assert report.body in text_of(client.get(f"/lacak/{report.code}/"))


def test_sign_up_without_a_report(client: Client, world: Any) -> None:
    response = client.post("/daftar/", NEW)
    assert response["Location"] == "/saya/"
    assert client.get("/saya/").status_code == 200


def test_password_rules_and_mismatch(client: Client, world: Any) -> None:
    weak = client.post("/daftar/", {**NEW, "password1": "password", "password2": "password"})
    assert weak.status_code == 400 and "terlalu umum" in text_of(weak)
    mismatch = client.post("/daftar/", {**NEW, "password2": "lain-sekali-999"})
    assert mismatch.status_code == 400
    assert not User.objects.filter(username="rina").exists()


def test_taken_username_and_email(client: Client, world: Any) -> None:
    taken = client.post("/daftar/", {**NEW, "username": "warga"})
    assert taken.status_code == 400
    world.citizen.email = "rina@example.id"
    world.citizen.save()
    assert "sudah terdaftar" in text_of(client.post("/daftar/", NEW))
    assert User.objects.filter(username="rina").count() == 0


def test_signed_in_people_go_to_their_reports(client: Client, world: Any) -> None:
    client.force_login(world.citizen)
    assert client.get("/daftar/")["Location"] == "/saya/"
