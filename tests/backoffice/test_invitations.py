"""/kantor/undang/ and /kantor/undangan/<token>/: an institution admin invites a unit liaison by e-mail."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.utils import timezone

from aduan.backoffice.models import Invitation
from aduan.institutions.models import Membership

from .helpers import html


def invite(client, email="budi@pu.pekalongankab.go.id", unit=None, world=None):
    return client.post("/kantor/undang/", {"email": email, "unit": unit})


def test_an_admin_invites_for_its_own_units_only(world, client_for):
    client = client_for(world.regency_admin)
    page = html(client.get("/kantor/undang/"))
    assert f'value="{world.dinas_pu.pk}"' in page and f'value="{world.dinas_kesehatan.pk}"' in page
    assert f'value="{world.other_unit.pk}"' not in page
    assert 'for="id_email"' in page and 'for="id_unit"' in page
    refused = invite(client, unit=world.other_unit.pk)
    assert refused.status_code == 200 and not Invitation.objects.exists()
    response = invite(client, unit=world.dinas_pu.pk)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "budi@pu.pekalongankab.go.id"
    assert invitation.institution == world.dinas_pu and invitation.role == "unit_liaison"
    assert invitation.invited_by == world.regency_admin and invitation.accepted_at is None
    assert timedelta(days=6, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=7)
    [message] = mail.outbox
    assert message.to == ["budi@pu.pekalongankab.go.id"]
    assert f"/kantor/undangan/{invitation.token}/" in message.body
    assert "Dinas PU Kabupaten Pekalongan" in message.subject
    assert len(invitation.token) >= 40
    assert "budi@pu.pekalongankab.go.id" in html(client.get("/kantor/undang/"))


def test_only_institution_admins_may_invite(world, client_for):
    for user in (world.liaison, world.verifier, world.oversight):
        assert client_for(user).get("/kantor/undang/").status_code == 403
    assert client_for(world.citizen).get("/kantor/undang/").status_code == 403


def test_accepting_creates_the_account_and_membership_once(world, client_for):
    invite(client_for(world.regency_admin), unit=world.dinas_pu.pk)
    token = Invitation.objects.get().token
    visitor = Client()
    form = visitor.get(f"/kantor/undangan/{token}/")
    assert form.status_code == 200 and "Dinas PU Kabupaten Pekalongan" in html(form)
    for field in ("id_username", "id_password1", "id_password2"):
        assert f'for="{field}"' in html(form)
    mismatch = visitor.post(
        f"/kantor/undangan/{token}/", {"username": "budi", "password1": "Jembatan-2026!", "password2": "lain"}
    )
    assert "Kedua kata sandi tidak sama" in html(mismatch)
    taken = visitor.post(
        f"/kantor/undangan/{token}/",
        {"username": "dinas-pu", "password1": "Jembatan-2026!", "password2": "Jembatan-2026!"},
    )
    assert "sudah dipakai" in html(taken)
    done = visitor.post(
        f"/kantor/undangan/{token}/", {"username": "budi", "password1": "Jembatan-2026!", "password2": "Jembatan-2026!"}
    )
    assert done.status_code == 302 and done["Location"] == "/kantor/"
    user = User.objects.get(username="budi")
    assert user.email == "budi@pu.pekalongankab.go.id" and user.check_password("Jembatan-2026!")
    assert Membership.objects.filter(user=user, institution=world.dinas_pu, role="unit_liaison").exists()
    invitation = Invitation.objects.get()
    assert invitation.accepted_at is not None and invitation.accepted_user == user
    assert visitor.get("/kantor/").status_code == 200  # signed in as the new liaison

    again = Client().get(f"/kantor/undangan/{token}/")
    assert again.status_code == 410 and "sudah digunakan" in html(again)
    replay = Client().post(
        f"/kantor/undangan/{token}/",
        {"username": "budi2", "password1": "Jembatan-2026!", "password2": "Jembatan-2026!"},
    )
    assert replay.status_code == 410 and not User.objects.filter(username="budi2").exists()


def test_expired_and_unknown_tokens(world, client_for):
    invite(client_for(world.regency_admin), unit=world.dinas_pu.pk)
    invitation = Invitation.objects.get()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    expired = Client().get(f"/kantor/undangan/{invitation.token}/")
    assert expired.status_code == 410 and "kedaluwarsa" in html(expired)
    posted = Client().post(
        f"/kantor/undangan/{invitation.token}/",
        {"username": "budi", "password1": "Jembatan-2026!", "password2": "Jembatan-2026!"},
    )
    assert posted.status_code == 410 and not User.objects.filter(username="budi").exists()
    unknown = Client().get("/kantor/undangan/bukan-token/")
    assert unknown.status_code == 410 and "tidak ditemukan" in html(unknown)


def test_a_weak_password_is_refused(world, client_for):
    invite(client_for(world.regency_admin), unit=world.dinas_pu.pk)
    token = Invitation.objects.get().token
    response = Client().post(
        f"/kantor/undangan/{token}/", {"username": "budi", "password1": "pendek", "password2": "pendek"}
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="budi").exists()
