"""Forwarding and sync, one side at a time: this database is the origin (it forwards and mirrors) or the
handler (it receives and reports back); the other instance is a test-held key signing its requests."""

from __future__ import annotations

import base64
import io
import json
import uuid

import pytest
from PIL import Image

from aduan.federation import delivery, mirror, wire
from aduan.federation.models import PeerDelivery, PeerLink
from aduan.notify.models import Notification
from aduan.reports import audit, lifecycle, visibility
from aduan.reports.actors import Actor
from aduan.reports.errors import Invalid, WrongState
from aduan.reports.models import ActorKind, Report
from tests.conftest import REPORTER

from .conftest import TREE

PROVINCE = "Pemerintah Provinsi Jawa Tengah"


def _png(with_exif: bool = True) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (8, 8), (200, 10, 10))
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"  # Make
    image.save(out, format="JPEG", exif=exif.tobytes() if with_exif else b"")
    return out.getvalue()


def _forward(world, code, **kw):
    payload = {"peer": "prov-jateng", "institution": "jateng-dpu", "message": "Jalan provinsi: kewenangan provinsi."}
    payload.update(kw)
    return lifecycle.perform(world.actor(world.verifier), code, "forward", payload)


def _events_url(report):
    return f"/federation/v1/reports/{report.global_id}/events"


def _step(seq, kind, status, text="", **data):
    return {
        "protocol": 1,
        "seq": seq,
        "kind": kind,
        "status": status,
        "audience": "public",
        "text": text,
        "actor": PROVINCE,
        "data": data,
        "attachments": [],
    }


# --- the origin ---


def test_mirror_of_the_peer_tree_is_read_only_and_versioned(peer_tree) -> None:
    peer = peer_tree.peer
    assert sorted(peer.institutions.values_list("code", flat=True)) == ["jateng", "jateng-dpu"]
    mirror.store(peer, TREE[:1], '"v2"')
    peer.refresh_from_db()
    assert peer.institutions_etag == '"v2"'
    assert list(peer.institutions.filter(active=True).values_list("code", flat=True)) == ["jateng"]
    assert peer.institutions.get(code="jateng-dpu").active is False  # kept for old links, not offered


def test_verifier_forwards_a_report_and_nothing_of_the_reporter_crosses(world, file_report, peer_tree) -> None:
    body = "Jalan provinsi rusak parah. Hubungi saya di 081234567890 atau siti@example.id. Saya Siti Rahmawati."
    sub = file_report(body=body, attachments=[("foto.jpg", _png())])
    report = _forward(world, sub.report.code)

    assert (report.status, report.institution, report.due_at) == ("dispositioned", None, None)
    event = report.events.order_by("seq").last()
    assert (event.kind, event.audience) == ("forwarded", "public")
    assert "Dinas PU Provinsi Jawa Tengah" in event.public_text
    row = PeerDelivery.objects.get()
    assert (row.peer, row.seq, row.kind, row.state) == (peer_tree.peer, 1, "report", "queued")
    link = PeerLink.objects.get()
    assert (link.role, link.peer_institution_code, link.out_seq) == ("origin", "jateng-dpu", 1)

    sent = wire.with_files(row.payload)
    assert sent["global_id"] == str(report.global_id)
    assert sent["origin"] == {"instance": "kab-pekalongan", "code": report.code}
    assert sent["report"]["reporter"] == {"pseudonym": visibility.pseudonym(report)}
    dumped = json.dumps(sent, ensure_ascii=False)
    for value in (*REPORTER.values(), "+6281234567890", "6281234567890", "Rahmawati"):
        assert value not in dumped
    # The photo travels as its shared copy, without EXIF.
    photo = base64.b64decode(sent["attachments"][0]["data"])
    assert b"KameraRahasia" not in photo
    assert b"KameraRahasia" in _png()
    # The reporter hears of it on their channel (e-mail here).
    assert Notification.objects.filter(report=report, kind="forwarded", audience="reporter").count() == 1
    assert list(audit.verify(report.code)) == []


def test_a_forwarded_report_is_not_handled_here_any_more(world, file_report, peer_tree) -> None:
    sub = file_report()
    lifecycle.verify(world.actor(world.verifier), sub.report.code, institution=world.regency)
    report = lifecycle.perform(
        world.actor(world.regency_admin), sub.report.code, "forward", {"peer": "prov-jateng", "institution": "jateng"}
    )
    assert report.status == "dispositioned"
    with pytest.raises(lifecycle.NotAllowed):  # nobody here holds it any more
        lifecycle.respond(world.actor(world.regency_admin), report.code, message="Sudah kami tangani sendiri.")
    with pytest.raises(WrongState):
        _forward(world, report.code)
    fresh = Report.objects.select_related("institution", "unit", "intake_institution").get(pk=report.pk)
    assert lifecycle.available_actions(world.actor(world.verifier), fresh) == ["comment", "note"]
    assert lifecycle.available_actions(Actor.reporter_with_token(sub.access_token), fresh) == ["reply"]
    assert list(audit.verify(report.code)) == []


def test_forward_needs_a_known_peer_institution_and_a_forwarder(world, file_report, peer_tree) -> None:
    sub = file_report()
    with pytest.raises(Invalid):
        _forward(world, sub.report.code, institution="tidak-ada")
    with pytest.raises(lifecycle.NotAllowed):
        lifecycle.perform(
            world.actor(world.liaison), sub.report.code, "forward", {"peer": "prov-jateng", "institution": "jateng"}
        )
    fresh = Report.objects.select_related("institution", "unit", "intake_institution").get(pk=sub.report.pk)
    assert "forward" in lifecycle.available_actions(world.actor(world.verifier), fresh)


def test_handler_steps_are_mirrored_in_order_once_and_the_reporter_hears(world, file_report, peer_tree, client) -> None:
    sub = file_report()
    report = _forward(world, sub.report.code)
    url = _events_url(report)
    verified = _step(
        1,
        "verified",
        "dispositioned",
        public_title="Jalan provinsi rusak di Bodas",
        public_body="Jalan provinsi di Desa Bodas rusak parah.",
    )
    assert json.loads(peer_tree.post(client, url, verified).content) == {"applied": True, "seq": 1}
    early = peer_tree.post(client, url, _step(3, "confirmed", "completed"))
    assert (early.status_code, json.loads(early.content)["expected"]) == (409, 2)
    answer = _step(2, "responded", "responded", "Perbaikan jalan provinsi selesai minggu ini.")
    assert peer_tree.post(client, url, answer).status_code == 200
    again = peer_tree.post(client, url, answer)
    assert json.loads(again.content) == {"applied": False, "duplicate": True, "seq": 2}

    report.refresh_from_db()
    assert report.status == "responded"
    assert report.verified_at is not None and report.public_title == "Jalan provinsi rusak di Bodas"
    kinds = list(report.events.order_by("seq").values_list("kind", "actor_kind", "actor_label"))
    assert kinds[-2:] == [("peer_event", ActorKind.PEER, PROVINCE), ("responded", ActorKind.PEER, PROVINCE)]
    told = Notification.objects.filter(report=report, audience="reporter").values_list("kind", flat=True)
    assert sorted(told) == ["forwarded", "responded", "submitted", "verified"]
    assert not Notification.objects.filter(report=report).exclude(audience="reporter").exists()
    page = client.get(f"/laporan/{report.code}/")
    assert page.status_code == 200
    assert "Perbaikan jalan provinsi selesai minggu ini." in page.content.decode()
    assert list(audit.verify(report.code)) == []

    # The reporter disputes at the origin: relayed to the handler, in order on the link.
    lifecycle.dispute(Actor.reporter_with_token(sub.access_token), report.code, message="Belum diperbaiki sama sekali.")
    lifecycle.reply(Actor.reporter_with_token(sub.access_token), report.code, message="Ini fotonya menyusul.")
    rows = list(PeerDelivery.objects.order_by("seq").values_list("seq", "kind", "payload__kind"))
    assert rows == [(1, "report", None), (2, "event", "disputed"), (3, "event", "reporter_replied")]
    assert list(audit.verify(report.code)) == []


def test_a_step_for_a_report_not_forwarded_to_that_peer_is_refused(world, file_report, peer_tree, client) -> None:
    sub = file_report()
    response = peer_tree.post(client, _events_url(sub.report), _step(1, "responded", "responded", "Jawaban palsu."))
    assert (response.status_code, json.loads(response.content)["error"]) == (404, "unknown_report")
    assert sub.report.events.count() == 1


# --- the handler ---


def _forwarded(**report):
    body = {
        "classification": "complaint",
        "title": "Jalan kabupaten rusak",
        "body": "Jalan kabupaten di Desa Bodas berlubang dalam.",
        "category": "jalan-rusak",
        "incident_date": "2026-01-05",
        "region": "33.26.01.2001",
        "anonymous": True,
        "confidential": False,
        "reporter": {"pseudonym": "Pelapor ABC123"},
    }
    body.update(report)
    photo = base64.b64encode(_png(with_exif=False)).decode()
    return {
        "protocol": 1,
        "global_id": str(uuid.uuid4()),
        "seq": 1,
        "origin": {"instance": "prov-jateng", "code": "K7M4-Q2X9"},
        "institution": "pemkab-33-26",
        "message": "Kewenangan kabupaten.",
        "report": body,
        "attachments": [{"name": "foto.jpg", "content_type": "image/jpeg", "data": photo}],
    }


def test_a_forwarded_report_is_filed_once_with_its_global_id(world, remote, client) -> None:
    payload = _forwarded()
    first = remote.post(client, "/federation/v1/reports", payload)
    assert first.status_code == 201
    code = json.loads(first.content)["code"]
    second = remote.post(client, "/federation/v1/reports", payload)
    assert (second.status_code, json.loads(second.content)) == (
        200,
        {"created": False, "code": code, "global_id": payload["global_id"]},
    )
    report = Report.objects.get(global_id=payload["global_id"])
    assert (report.code, report.channel, report.intake_institution, report.anonymous) == (
        code,
        "federation",
        world.regency,
        True,
    )
    assert report.attachments.count() == 1
    assert report.region_id == "33.26.01.2001" and report.category.code == "jalan-rusak"
    link = PeerLink.objects.get(report=report)
    assert (link.role, link.remote_code, link.in_seq) == ("handler", "K7M4-Q2X9", 1)
    # Nobody here learns who reported: the verifier sees the forwarding instance's relay id, no person.
    identity = visibility.reporter_identity(visibility.Viewer(world.verifier), report)
    assert set(identity) == {"name", "phone", "email", "nik", "sender"}
    assert identity["sender"] == f"prov-jateng:{report.global_id}"
    assert not any(identity[k] for k in ("name", "phone", "email", "nik"))
    assert visibility.reporter_label(visibility.Viewer(world.regency_admin), report).startswith("Pelapor ")


def test_handler_steps_are_queued_for_the_origin_and_relayed_actions_applied(world, remote, client) -> None:
    payload = _forwarded(anonymous=False)
    code = json.loads(remote.post(client, "/federation/v1/reports", payload).content)["code"]
    lifecycle.verify(world.actor(world.regency_admin), code, institution=world.dinas_pu)
    lifecycle.note(world.actor(world.liaison), code, message="Catatan internal: cek anggaran.")
    lifecycle.respond(world.actor(world.liaison), code, message="Perbaikan jalan dijadwalkan minggu depan.")
    rows = list(PeerDelivery.objects.order_by("seq"))
    assert [(r.seq, r.payload["kind"], r.payload["status"]) for r in rows] == [
        (1, "verified", "dispositioned"),
        (2, "responded", "responded"),
    ]
    assert rows[1].payload["actor"] == "Dinas PU Kabupaten Pekalongan"  # an institution, never a person
    assert rows[0].payload["data"]["public_title"] == "Jalan kabupaten rusak"
    assert "Catatan internal" not in json.dumps([r.payload for r in rows])

    url = f"/federation/v1/reports/{payload['global_id']}/events"
    reply = {"seq": 2, "kind": "reporter_replied", "status": "responded", "text": "Terima kasih, saya tunggu."}
    assert json.loads(remote.post(client, url, reply).content) == {"applied": True, "seq": 2}
    dispute = {"seq": 3, "kind": "disputed", "status": "in_progress", "text": "Ternyata belum diperbaiki."}
    assert json.loads(remote.post(client, url, dispute).content) == {"applied": True, "seq": 3}
    report = Report.objects.get(code=code)
    assert report.status == "in_progress" and report.dispute_count == 1
    assert list(report.events.order_by("-seq").values_list("kind", "actor_kind")[:2]) == [
        ("disputed", "reporter"),
        ("reporter_replied", "reporter"),
    ]
    assert PeerDelivery.objects.count() == 2  # the reporter's own steps are not sent back
    # A relayed step that no longer fits is acknowledged, and its words still reach the handlers.
    late = {"seq": 4, "kind": "confirmed", "status": "completed", "text": "Sudah beres, terima kasih."}
    answer = json.loads(remote.post(client, url, late).content)
    assert answer["applied"] is False and answer["error"] == "invalid_state"
    assert report.events.order_by("-seq").values_list("kind", "public_text")[0] == (
        "reporter_replied",
        "Sudah beres, terima kasih.",
    )
    assert list(audit.verify(code)) == []


# --- delivery ---


def test_an_unreachable_peer_keeps_the_message_and_backs_off(world, file_report, peer_tree) -> None:
    _forward(world, file_report().report.code)
    assert delivery.deliver_due() == {"retry": 1}
    row = PeerDelivery.objects.get()
    assert (row.state, row.attempts) == ("queued", 1)
    assert "unreachable" in row.last_error
    peer_tree.peer.refresh_from_db()
    assert peer_tree.peer.last_error_at is not None and "unreachable" in peer_tree.peer.last_error
    assert delivery.deliver_due() == {}  # backing off
    assert delivery.deliver_due(ignore_backoff=True) == {"retry": 1}


def test_only_the_head_of_a_link_is_claimed(world, file_report, peer_tree) -> None:
    sub = file_report()
    _forward(world, sub.report.code)
    lifecycle.reply(Actor.reporter_with_token(sub.access_token), sub.report.code, message="Tambahan keterangan.")
    ids = delivery.claim(ignore_backoff=True)
    assert list(PeerDelivery.objects.filter(pk__in=ids).values_list("seq", flat=True)) == [1]


def test_a_failed_message_is_tried_once_per_pass_and_released(world, file_report, peer_tree) -> None:
    sub = file_report()
    _forward(world, sub.report.code)
    for n in range(3):
        lifecycle.reply(Actor.reporter_with_token(sub.access_token), sub.report.code, message=f"Tambahan {n}.")
    assert delivery.deliver_due(ignore_backoff=True) == {"retry": 1}
    states = list(PeerDelivery.objects.order_by("seq").values_list("seq", "state", "attempts"))
    assert states == [(1, "queued", 1), (2, "queued", 0), (3, "queued", 0), (4, "queued", 0)]
    assert delivery.deliver_due(ignore_backoff=True) == {"retry": 1}


def test_confidential_stays_confidential_on_both_sides(world, file_report, peer_tree, remote, client) -> None:
    sub = file_report(confidential=True)
    report = _forward(world, sub.report.code)
    assert PeerDelivery.objects.get().payload["report"]["confidential"] is True
    verified = _step(1, "verified", "dispositioned", public_title="Judul", public_body="Isi laporan rahasia.")
    assert peer_tree.post(client, _events_url(report), verified).status_code == 200
    assert not visibility.public_reports().filter(pk=report.pk).exists()
    assert client.get(f"/laporan/{report.code}/").status_code == 404

    payload = _forwarded(confidential=True)
    code = json.loads(remote.post(client, "/federation/v1/reports", payload).content)["code"]
    lifecycle.verify(world.actor(world.regency_admin), code, institution=world.dinas_pu)
    received = Report.objects.get(code=code)
    assert received.confidential and not visibility.public_reports().filter(pk=received.pk).exists()


def test_a_chain_passes_steps_on_and_never_back(world, remote, client) -> None:
    """Here is the middle of a chain: A (the remote) forwarded to us, we forward on to B."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from aduan.federation import identity
    from aduan.federation.models import Peer

    from .conftest import Remote

    key = Ed25519PrivateKey.generate()
    batang = Peer.objects.create(
        name="kab-batang",
        base_url="http://127.0.0.1:9",
        public_key=identity.public_key_text(key.public_key()),
        role=Peer.Role.CHILD,
    )
    mirror.store(batang, [{"code": "batang", "name": "Pemerintah Kabupaten Batang", "kind": "regency"}], '"b1"')
    b = Remote(name="kab-batang", key=key, peer=batang, local_name=remote.local_name)
    payload = _forwarded()
    code = json.loads(remote.post(client, "/federation/v1/reports", payload).content)["code"]
    lifecycle.perform(world.actor(world.regency_admin), code, "forward", {"institution": "kab-batang/batang"})
    url = f"/federation/v1/reports/{payload['global_id']}/events"
    assert b.post(client, url, _step(1, "responded", "responded", "Dijawab oleh Kabupaten Batang.")).status_code == 200
    reply = {"seq": 2, "kind": "reporter_replied", "status": "responded", "text": "Terima kasih banyak."}
    assert json.loads(remote.post(client, url, reply).content)["applied"] is True

    sent = [(d.peer.name, d.seq, d.kind, d.payload.get("kind")) for d in PeerDelivery.objects.order_by("pk")]
    assert sent == [
        ("kab-batang", 1, "report", None),
        ("prov-jateng", 1, "event", "forwarded"),
        ("prov-jateng", 2, "event", "responded"),  # B's answer, passed on to A
        ("kab-batang", 2, "event", "reporter_replied"),  # A's reporter, passed on to B
    ]
    assert list(audit.verify(code)) == []


def test_the_report_page_offers_forwarding_when_a_peer_is_registered(world, file_report, peer_tree, client) -> None:
    report = file_report().report
    client.force_login(world.verifier)
    page = client.get(f"/kantor/laporan/{report.code}/").content.decode()
    assert f'href="/kantor/federasi/teruskan/{report.code}/"' in page
    peer_tree.peer.active = False
    peer_tree.peer.save()
    assert "forward-link" not in client.get(f"/kantor/laporan/{report.code}/").content.decode()
