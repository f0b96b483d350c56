"""A small signing client (urllib) for requests to peers. Every answer must be signed by the peer."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from aduan.federation import identity, signing
from aduan.federation.models import Peer

ETAG_HEADER = "X-Aduan-Institutions-Etag"
NOTE_EVERY = 5.0  # seconds
_noted: dict[int, tuple[Any, str]] = {}


class PeerError(Exception):
    """A request to a peer that did not succeed. `temporary` failures are retried."""

    def __init__(self, message: str, *, status: int | None = None, temporary: bool = True, code: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.temporary = temporary
        self.code = code


@dataclass(frozen=True)
class Reply:
    status: int
    data: dict[str, Any]
    headers: dict[str, str]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a signed request is for one path only


_opener = urllib.request.build_opener(_NoRedirect)


def request(
    peer: Peer,
    method: str,
    path: str,
    payload: dict[str, Any] | None = None,
    *,
    extra_headers: dict[str, str] | None = None,
    record: bool = True,
) -> Reply:
    """Send one signed request to `peer` (path under its base URL, e.g. /federation/v1/ping) and check the
    signature of its answer. Raises PeerError for anything but a signed 2xx/304 answer."""
    body = b"" if payload is None else json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    url_path = _base_path(peer) + path
    headers = signing.sign_request(
        identity.private_key(),
        key_id=identity.name(),
        recipient=peer.name,
        method=method,
        path=url_path,
        body=body,
    )
    headers.update(extra_headers or {})
    if payload is not None:
        headers["Content-Type"] = "application/json; charset=utf-8"
    # The scheme is http or https: `add-peer` accepts no other.
    req = urllib.request.Request(  # noqa: S310
        peer.base_url.rstrip("/") + path, data=body if method != "GET" else None, method=method, headers=headers
    )
    try:
        try:
            with _opener.open(req, timeout=settings.ADUAN_FEDERATION_TIMEOUT) as response:
                status, raw, got = response.status, response.read(), dict(response.headers.items())
        except urllib.error.HTTPError as exc:
            status, raw, got = exc.code, exc.read(), dict(exc.headers.items())
        reply = _checked(peer, status, raw, got, headers[signing.NONCE])
    except PeerError as exc:
        if record:
            note_failure(peer, str(exc))
        raise
    except (urllib.error.URLError, ConnectionError, OSError) as exc:
        if record:
            note_failure(peer, f"unreachable: {exc}")
        raise PeerError(f"unreachable: {exc}", temporary=True, code="unreachable") from exc
    if record:
        note_success(peer, reply.headers.get(ETAG_HEADER.lower(), ""))
    return reply


def _base_path(peer: Peer) -> str:
    """The path part of the peer's base URL (an instance may live under a prefix)."""
    from urllib.parse import urlsplit

    return urlsplit(peer.base_url).path.rstrip("/")


def _checked(peer: Peer, status: int, raw: bytes, headers: dict[str, str], nonce: str) -> Reply:
    lower = {k.lower(): v for k, v in headers.items()}
    wanted = {name: lower.get(name.lower(), "") for name in signing.RESPONSE_HEADERS}
    try:
        signing.verify_response(
            wanted,
            status=status,
            request_nonce=nonce,
            body=raw,
            key_id=peer.name,
            key=identity.load_public_key(peer.public_key),
        )
    except (signing.Refused, ValueError) as exc:
        raise PeerError(
            f"HTTP {status}, answer not signed by {peer.name}: {exc}", status=status, code="unsigned_response"
        ) from exc
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    if 200 <= status < 300 or status == 304:
        return Reply(status, data, lower)
    code = str(data.get("error", ""))
    detail = f"HTTP {status} {code}: {data.get('detail', '')}".strip()
    # 401 (keys or clocks being fixed), 409 (out of order: an earlier message is on its way), 408, 429 and
    # 5xx are retried; any other refusal needs an operator.
    temporary = status in (401, 408, 409, 429) or status >= 500
    raise PeerError(detail, status=status, temporary=temporary, code=code)


def note_success(peer: Peer, announced_etag: str = "") -> None:
    """Record that the peer answered: at most one write every few seconds per peer and process (a busy
    outbox sends many messages a second), and at once when its tree version changed."""
    now = timezone.now()
    etag = announced_etag[:80]
    last = _noted.get(peer.pk)
    if last is not None and (now - last[0]).total_seconds() < NOTE_EVERY and (not etag or etag == last[1]):
        return
    fields: dict[str, Any] = {"last_success_at": now}
    if etag:
        fields["announced_etag"] = etag
    Peer.objects.filter(pk=peer.pk).update(**fields)
    _noted[peer.pk] = (now, etag)


def note_failure(peer: Peer, message: str) -> None:
    _noted.pop(peer.pk, None)
    Peer.objects.filter(pk=peer.pk).update(last_error_at=timezone.now(), last_error=message[:2000])
