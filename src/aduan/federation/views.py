"""The federation endpoints. Thin: signature checks in `inbound`, the work in `receive` and lifecycle."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from aduan.federation import identity, mirror, receive
from aduan.federation.inbound import Answer, error, signed
from aduan.federation.models import Peer


@signed
def ping(request: HttpRequest, peer: Peer, data: dict[str, Any]) -> Answer:
    if request.method != "GET":
        return error(405, "method_not_allowed", "use GET")
    return Answer(200, {"name": identity.name(), "time": timezone.now().isoformat(), "protocol": 1})


@signed
def institutions(request: HttpRequest, peer: Peer, data: dict[str, Any]) -> Answer:
    if request.method != "GET":
        return error(405, "method_not_allowed", "use GET")
    etag, items = mirror.published()
    if request.headers.get("If-None-Match") == etag:
        return Answer(304, {}, {"ETag": etag})
    return Answer(200, {"version": etag, "institutions": items}, {"ETag": etag})


@signed
def reports(request: HttpRequest, peer: Peer, data: dict[str, Any]) -> Answer:
    if request.method != "POST":
        return error(405, "method_not_allowed", "use POST")
    return receive.forwarded_report(peer, data)


@signed
def events(request: HttpRequest, peer: Peer, data: dict[str, Any], global_id: uuid.UUID) -> Answer:
    if request.method != "POST":
        return error(405, "method_not_allowed", "use POST")
    return receive.event(peer, global_id, data)
