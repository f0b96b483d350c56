"""Signed requests: good, forged, altered, replayed, skewed, misaddressed — checked and refused, and logged."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from aduan.federation import identity, signing
from aduan.federation.models import LocalInstance, RefusedRequest, SeenNonce

KEY = Ed25519PrivateKey.generate()
OTHER = Ed25519PrivateKey.generate()
NOW = datetime(2026, 3, 18, 2, 0, tzinfo=UTC)


def _sign(body: bytes = b"{}", **kw):
    values = {"key_id": "prov-jateng", "recipient": "kab-pekalongan", "method": "POST"}
    values["path"] = "/federation/v1/reports"
    values.update(kw)
    return signing.sign_request(KEY, body=body, at=NOW, **values)


def _verify(headers, body: bytes = b"{}", now=NOW, **kw):
    values = {"method": "POST", "path": "/federation/v1/reports", "recipient": "kab-pekalongan"}
    values.update(kw)
    keys = {"prov-jateng": KEY.public_key()}
    return signing.verify_request(headers, body=body, public_key_for=keys.get, now=now, max_skew=300, **values)


def _reason(headers, **kw) -> str:
    with pytest.raises(signing.Refused) as caught:
        _verify(headers, **kw)
    return caught.value.reason


def test_a_good_signature_verifies() -> None:
    checked = _verify(_sign())
    assert checked.key_id == "prov-jateng"
    assert checked.date == NOW


def test_canonical_string_is_the_documented_lines() -> None:
    text = signing.canonical("post", "/p?q=1", "D", "N" * 16, "SHA-256=x", "a", "b").decode()
    assert text == "\n".join(["aduan-federation-v1", "POST", "/p?q=1", "D", "N" * 16, "SHA-256=x", "a", "b"])


def test_forged_signature_by_another_key_is_refused() -> None:
    forged = signing.sign_request(
        OTHER,
        key_id="prov-jateng",
        recipient="kab-pekalongan",
        method="POST",
        path="/federation/v1/reports",
        body=b"{}",
        at=NOW,
    )
    assert _reason(forged) == "bad_signature"


def test_altered_body_is_refused() -> None:
    assert _reason(_sign(b'{"a":1}'), body=b'{"a":2}') == "bad_digest"


def test_altered_digest_header_with_the_altered_body_breaks_the_signature() -> None:
    headers = _sign(b'{"a":1}')
    headers[signing.DIGEST] = signing.digest(b'{"a":2}')
    assert _reason(headers, body=b'{"a":2}') == "bad_signature"


def test_altered_path_method_or_date_is_refused() -> None:
    assert _reason(_sign(), path="/federation/v1/reports?x=1") == "bad_signature"
    assert _reason(_sign(), method="PUT") == "bad_signature"
    headers = _sign()
    headers[signing.DATE] = signing.format_date(NOW + timedelta(seconds=1))
    assert _reason(headers) == "bad_signature"


def test_clock_skew_beyond_five_minutes_is_refused_both_ways() -> None:
    assert _verify(_sign(), now=NOW + timedelta(seconds=299)).key_id == "prov-jateng"
    assert _reason(_sign(), now=NOW + timedelta(seconds=301)) == "clock_skew"
    assert _reason(_sign(), now=NOW - timedelta(seconds=301)) == "clock_skew"


def test_request_signed_for_another_instance_is_refused() -> None:
    assert _reason(_sign(recipient="kota-semarang")) == "wrong_recipient"


def test_unknown_key_id_missing_headers_and_bad_nonce_are_refused() -> None:
    assert _reason(_sign(key_id="siapa")) == "unknown_peer"
    headers = _sign()
    del headers[signing.SIGNATURE]
    assert _reason(headers) == "missing_header"
    assert _reason(_sign(nonce="short")) == "bad_nonce"


def test_response_signature_binds_status_body_and_request_nonce() -> None:
    headers = signing.sign_response(KEY, key_id="prov-jateng", status=200, request_nonce="n" * 20, body=b"{}")
    ok = {"status": 200, "request_nonce": "n" * 20, "body": b"{}", "key_id": "prov-jateng", "key": KEY.public_key()}
    signing.verify_response(headers, **ok)
    for change in ({"status": 201}, {"request_nonce": "m" * 20}):
        with pytest.raises(signing.Refused):
            signing.verify_response(headers, **{**ok, **change})
    with pytest.raises(signing.Refused, match="digest"):
        signing.verify_response(headers, **{**ok, "body": b"[]"})


# --- through the endpoint, with the database ---


@pytest.mark.django_db
def test_private_key_is_stored_sealed(local: str) -> None:
    row = LocalInstance.objects.get()
    assert "ed25519" not in row.sealed_private_key
    assert identity.public_key() == row.public_key
    message = b"hello"
    identity.load_public_key(row.public_key).verify(identity.private_key().sign(message), message)


@pytest.mark.django_db
def test_signed_ping_answers_signed(client, remote) -> None:
    response = remote.get(client, "/federation/v1/ping")
    assert response.status_code == 200
    assert json.loads(response.content)["name"] == "kab-pekalongan"
    headers = {name: response[name] for name in signing.RESPONSE_HEADERS}
    nonce = SeenNonce.objects.get().nonce
    signing.verify_response(
        headers,
        status=200,
        request_nonce=nonce,
        body=response.content,
        key_id="kab-pekalongan",
        key=identity.load_public_key(identity.public_key()),
    )


@pytest.mark.django_db
def test_replayed_request_is_refused_and_logged(client, remote) -> None:
    headers = remote.headers("GET", "/federation/v1/ping")
    assert client.get("/federation/v1/ping", **headers).status_code == 200
    again = client.get("/federation/v1/ping", **headers)
    assert again.status_code == 401
    assert json.loads(again.content)["error"] == "replayed"
    logged = RefusedRequest.objects.get()
    assert (logged.reason, logged.key_id, logged.path) == ("replayed", "prov-jateng", "/federation/v1/ping")


@pytest.mark.django_db
def test_altered_body_through_the_endpoint_is_refused_and_logged(client, remote) -> None:
    body = json.dumps({"a": 1}).encode()
    headers = remote.headers("POST", "/federation/v1/reports", body)
    response = client.post("/federation/v1/reports", b'{"a": 2}', content_type="application/json", **headers)
    assert response.status_code == 401
    assert json.loads(response.content) == {"error": "bad_digest", "detail": "the body does not match X-Aduan-Digest"}
    assert RefusedRequest.objects.filter(reason="bad_digest").count() == 1
    assert not SeenNonce.objects.exists()  # refused requests don't use up nonces


@pytest.mark.django_db
def test_skewed_forged_and_unsigned_requests_are_refused(client, remote) -> None:
    stale = remote.get(client, "/federation/v1/ping", at=datetime.now(UTC) - timedelta(minutes=6))
    assert (stale.status_code, json.loads(stale.content)["error"]) == (401, "clock_skew")
    remote.key = OTHER
    forged = remote.get(client, "/federation/v1/ping")
    assert (forged.status_code, json.loads(forged.content)["error"]) == (401, "bad_signature")
    unsigned = client.get("/federation/v1/ping")
    assert (unsigned.status_code, json.loads(unsigned.content)["error"]) == (401, "missing_header")
    assert sorted(RefusedRequest.objects.values_list("reason", flat=True)) == [
        "bad_signature",
        "clock_skew",
        "missing_header",
    ]


@pytest.mark.django_db
def test_disabled_peer_is_refused(client, remote) -> None:
    remote.peer.active = False
    remote.peer.save()
    response = remote.get(client, "/federation/v1/ping")
    assert (response.status_code, json.loads(response.content)["error"]) == (401, "unknown_peer")
