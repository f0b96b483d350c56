"""The receiving side of signed requests: check, remember the nonce, log refusals, sign the answer."""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from aduan.federation import identity, signing
from aduan.federation.models import Peer, RefusedRequest, SeenNonce

logger = logging.getLogger("aduan.federation")

Handler = Callable[..., "Answer"]


class Answer:
    """What a federation view returns: a status and a JSON body (signed on the way out)."""

    def __init__(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.body = body
        self.headers = headers or {}


def error(status: int, code: str, detail: str) -> Answer:
    return Answer(status, {"error": code, "detail": detail})


def _headers(request: HttpRequest) -> dict[str, str]:
    return {name: request.headers.get(name, "") for name in signing.REQUEST_HEADERS}


def _public_key(key_id: str) -> Any:
    peer = Peer.objects.filter(name=key_id, active=True).first()
    if peer is None:
        return None
    try:
        return identity.load_public_key(peer.public_key)
    except ValueError:
        return None


def remember_nonce(key_id: str, nonce: str, date: datetime) -> bool:
    """True the first time a nonce is seen from this key id; False for a replay."""
    expires = signing.nonce_expiry(date, settings.ADUAN_FEDERATION_MAX_SKEW)
    try:
        with transaction.atomic():
            SeenNonce.objects.create(key_id=key_id, nonce=nonce, expires_at=expires)
    except IntegrityError:
        return False
    if random.random() < 0.01:  # housekeeping now and then, not security
        prune_nonces()
    return True


def prune_nonces() -> int:
    return SeenNonce.objects.filter(expires_at__lt=timezone.now()).delete()[0]


def refuse(request: HttpRequest, reason: str, detail: str, key_id: str = "") -> None:
    """Log a refused request (never its body: it may carry a report's text)."""
    addr = request.META.get("REMOTE_ADDR", "")
    logger.warning(
        "federation request refused: %s (key id %r, %s %s from %s)", reason, key_id, request.method, request.path, addr
    )
    RefusedRequest.objects.create(
        at=timezone.now(),
        key_id=key_id[:64],
        reason=reason[:40],
        method=(request.method or "")[:10],
        path=request.get_full_path()[:300],
        remote_addr=addr[:64],
    )


def read_body(request: HttpRequest) -> bytes | None:
    """The raw body, or None when it is larger than ADUAN_FEDERATION_MAX_BODY_MB."""
    limit = settings.ADUAN_FEDERATION_MAX_BODY
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        return None
    body = request.read(limit + 1)
    return None if len(body) > limit else body


def signed(view: Handler) -> Callable[..., HttpResponse]:
    """Wrap a federation view: the request must be signed by an active peer; the view gets the peer and
    the parsed JSON body; whatever it answers is signed with this instance's key."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        nonce = request.headers.get(signing.NONCE, "")
        if not identity.initialised():
            return _respond(error(503, "not_initialised", "this instance has no federation identity yet"), nonce)
        body = read_body(request)
        if body is None:
            return _respond(error(413, "too_large", "the body is larger than this instance accepts"), nonce)
        headers = _headers(request)
        try:
            checked = signing.verify_request(
                headers,
                method=request.method or "GET",
                path=request.get_full_path(),
                body=body,
                recipient=identity.name(),
                public_key_for=_public_key,
                now=datetime.now(UTC),
                max_skew=settings.ADUAN_FEDERATION_MAX_SKEW,
            )
        except signing.Refused as refused:
            refuse(request, refused.reason, refused.detail, headers.get(signing.KEY_ID, ""))
            return _respond(error(401, refused.reason, refused.detail), nonce)
        if not remember_nonce(checked.key_id, checked.nonce, checked.date):
            refuse(request, "replayed", "nonce already used", checked.key_id)
            return _respond(error(401, "replayed", "this nonce was already used"), nonce)
        peer = Peer.objects.get(name=checked.key_id)
        data: Any = {}
        if body:
            try:
                data = json.loads(body)
            except ValueError:
                return _respond(error(400, "bad_json", "the body is not JSON"), nonce)
            if not isinstance(data, dict):
                return _respond(error(400, "bad_json", "the body must be a JSON object"), nonce)
        answer = view(request, peer, data, *args, **kwargs)
        return _respond(answer, nonce)

    return wrapper


def _respond(answer: Answer, request_nonce: str) -> HttpResponse:
    from aduan.federation import mirror

    # A 304 has no body (HTTP): its signature covers the empty string.
    body = b"" if answer.status == 304 else json.dumps(answer.body, ensure_ascii=False, separators=(",", ":")).encode()
    response = HttpResponse(body, status=answer.status, content_type="application/json; charset=utf-8")
    for name, value in answer.headers.items():
        response[name] = value
    if identity.initialised():
        headers = signing.sign_response(
            identity.private_key(),
            key_id=identity.name(),
            status=answer.status,
            request_nonce=request_nonce,
            body=body,
        )
        for name, value in headers.items():
            response[name] = value
        # Every answer announces the version of this instance's institution tree: a peer refreshes its
        # mirror when it changes (docs/federation.md, "Institutions").
        response[mirror.ETAG_HEADER] = mirror.current_etag()
    return response
