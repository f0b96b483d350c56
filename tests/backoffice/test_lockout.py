"""Staff sign-in at /masuk/ locks an account out after 5 failed attempts (django-axes)."""

from __future__ import annotations

from django.conf import settings

from tests.conftest import PASSWORD

from .helpers import html


def test_five_failures_lock_the_account_even_against_the_right_password(world, client):
    assert settings.AXES_FAILURE_LIMIT == 5
    for attempt in range(1, 5):
        response = client.post("/masuk/", {"username": "admin-kab", "password": f"salah-{attempt}"})
        assert response.status_code == 200, attempt
        assert "Akun dikunci" not in html(response)
    fifth = client.post("/masuk/", {"username": "admin-kab", "password": "salah-5"})
    assert "Akun dikunci sementara" in html(fifth)
    right = client.post("/masuk/", {"username": "admin-kab", "password": PASSWORD})
    assert "Akun dikunci sementara" in html(right)
    assert "_auth_user_id" not in client.session
    assert client.get("/kantor/").status_code == 302  # still signed out


def test_another_account_is_not_locked(world, client):
    for attempt in range(5):
        client.post("/masuk/", {"username": "admin-kab", "password": f"salah-{attempt}"})
    response = client.post("/masuk/", {"username": "verifikator", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/kantor/").status_code == 200


def test_a_success_before_the_limit_resets_the_count(world, client):
    for attempt in range(4):
        client.post("/masuk/", {"username": "admin-kab", "password": f"salah-{attempt}"})
    assert client.post("/masuk/", {"username": "admin-kab", "password": PASSWORD}).status_code == 302
    client.post("/keluar/")
    for attempt in range(4):
        response = client.post("/masuk/", {"username": "admin-kab", "password": f"salah-lagi-{attempt}"})
        assert "Akun dikunci" not in html(response)
