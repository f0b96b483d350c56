"""Signed requests between instances (docs/federation.md, "Signatures").

A request carries six headers:

    X-Aduan-Key-Id     the sender's instance name (a peer registered with its public key)
    X-Aduan-Recipient  the receiving instance's name (a request signed for one peer is no good at another)
    X-Aduan-Date       the time of signing, RFC 3339 in UTC: 2026-03-18T02:00:00Z
    X-Aduan-Nonce      16–128 characters of [A-Za-z0-9_-], never reused
    X-Aduan-Digest     SHA-256=<base64 of the SHA-256 of the body> (of the empty string for a GET)
    X-Aduan-Signature  base64 of the Ed25519 signature of the canonical string

and the canonical string is these lines joined by "\n" (no trailing newline):

    aduan-federation-v1, METHOD, path with query, date, nonce, digest, key id, recipient

A response is signed by the responder over: aduan-federation-v1-response, status code, the request's
nonce, its own date, the digest of the response body, its key id — so an answer can't be forged or moved
to another request.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PREFIX = "aduan-federation-v1"
RESPONSE_PREFIX = "aduan-federation-v1-response"

KEY_ID = "X-Aduan-Key-Id"
RECIPIENT = "X-Aduan-Recipient"
DATE = "X-Aduan-Date"
NONCE = "X-Aduan-Nonce"
DIGEST = "X-Aduan-Digest"
SIGNATURE = "X-Aduan-Signature"
REQUEST_HEADERS = (KEY_ID, RECIPIENT, DATE, NONCE, DIGEST, SIGNATURE)
RESPONSE_HEADERS = (KEY_ID, DATE, DIGEST, SIGNATURE)

NONCE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class Refused(Exception):
    """A request or response that fails a check. `reason` is a stable code (docs/federation.md)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason
        self.detail = detail or reason


def digest(body: bytes) -> str:
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode("ascii")


def format_date(at: datetime) -> str:
    return at.astimezone(UTC).strftime(DATE_FORMAT)


def parse_date(text: str) -> datetime:
    try:
        return datetime.strptime(text, DATE_FORMAT).replace(tzinfo=UTC)
    except (TypeError, ValueError) as exc:
        raise Refused("bad_date", "X-Aduan-Date is not RFC 3339 UTC (YYYY-MM-DDTHH:MM:SSZ)") from exc


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def canonical(  # noqa: PLR0917 - the documented order of the lines
    method: str, path: str, date: str, nonce: str, body_digest: str, key_id: str, recipient: str
) -> bytes:
    return "\n".join([PREFIX, method.upper(), path, date, nonce, body_digest, key_id, recipient]).encode("utf-8")


def response_canonical(status: int, request_nonce: str, date: str, body_digest: str, key_id: str) -> bytes:
    return "\n".join([RESPONSE_PREFIX, str(status), request_nonce, date, body_digest, key_id]).encode("utf-8")


def _b64sig(key: Ed25519PrivateKey, message: bytes) -> str:
    return base64.b64encode(key.sign(message)).decode("ascii")


def _check(key: Ed25519PublicKey, signature: str, message: bytes) -> None:
    try:
        raw = base64.b64decode(signature, validate=True)
        key.verify(raw, message)
    except (binascii.Error, ValueError, InvalidSignature) as exc:
        raise Refused("bad_signature", "the signature does not verify") from exc


def sign_request(
    key: Ed25519PrivateKey,
    *,
    key_id: str,
    recipient: str,
    method: str,
    path: str,
    body: bytes,
    at: datetime | None = None,
    nonce: str | None = None,
) -> dict[str, str]:
    """The headers that sign one request."""
    date = format_date(at or datetime.now(UTC))
    nonce = nonce or new_nonce()
    body_digest = digest(body)
    signature = _b64sig(key, canonical(method, path, date, nonce, body_digest, key_id, recipient))
    return {KEY_ID: key_id, RECIPIENT: recipient, DATE: date, NONCE: nonce, DIGEST: body_digest, SIGNATURE: signature}


@dataclass(frozen=True)
class Checked:
    key_id: str
    nonce: str
    date: datetime


def verify_request(
    headers: dict[str, str],
    *,
    method: str,
    path: str,
    body: bytes,
    recipient: str,
    public_key_for: object,
    now: datetime | None = None,
    max_skew: int = 300,
) -> Checked:
    """Check everything but the nonce's novelty (the caller remembers nonces). `public_key_for(key_id)`
    returns the peer's public key or None. Raises `Refused` with the first failing reason."""
    missing = [name for name in REQUEST_HEADERS if not headers.get(name)]
    if missing:
        raise Refused("missing_header", "missing " + ", ".join(missing))
    key_id = headers[KEY_ID]
    key = public_key_for(key_id)  # type: ignore[operator]
    if key is None:
        raise Refused("unknown_peer", f"no active peer named {key_id!r}")
    if headers[RECIPIENT] != recipient:
        raise Refused("wrong_recipient", f"signed for {headers[RECIPIENT]!r}, this is {recipient!r}")
    if not NONCE_PATTERN.match(headers[NONCE]):
        raise Refused("bad_nonce", "X-Aduan-Nonce must be 16-128 characters of [A-Za-z0-9_-]")
    if headers[DIGEST] != digest(body):
        raise Refused("bad_digest", "the body does not match X-Aduan-Digest")
    date = parse_date(headers[DATE])
    signed = canonical(method, path, headers[DATE], headers[NONCE], headers[DIGEST], key_id, recipient)
    _check(key, headers[SIGNATURE], signed)
    now = now or datetime.now(UTC)
    if abs((now - date).total_seconds()) > max_skew:
        raise Refused("clock_skew", f"X-Aduan-Date is more than {max_skew} s from this instance's clock")
    return Checked(key_id=key_id, nonce=headers[NONCE], date=date)


def sign_response(
    key: Ed25519PrivateKey, *, key_id: str, status: int, request_nonce: str, body: bytes, at: datetime | None = None
) -> dict[str, str]:
    date = format_date(at or datetime.now(UTC))
    body_digest = digest(body)
    signature = _b64sig(key, response_canonical(status, request_nonce, date, body_digest, key_id))
    return {KEY_ID: key_id, DATE: date, DIGEST: body_digest, SIGNATURE: signature}


def verify_response(
    headers: dict[str, str], *, status: int, request_nonce: str, body: bytes, key_id: str, key: Ed25519PublicKey
) -> None:
    missing = [name for name in RESPONSE_HEADERS if not headers.get(name)]
    if missing:
        raise Refused("unsigned_response", "missing " + ", ".join(missing))
    if headers[KEY_ID] != key_id:
        raise Refused("unknown_peer", f"answered by {headers[KEY_ID]!r}, not {key_id!r}")
    if headers[DIGEST] != digest(body):
        raise Refused("bad_digest", "the response body does not match its digest")
    _check(key, headers[SIGNATURE], response_canonical(status, request_nonce, headers[DATE], headers[DIGEST], key_id))


def nonce_expiry(date: datetime, max_skew: int) -> datetime:
    """How long a nonce must be remembered: past the last moment its date could still be accepted."""
    return date + timedelta(seconds=max_skew * 2)
