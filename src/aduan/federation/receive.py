"""Applying what a peer sends (filled in by the forwarding and sync steps)."""

from __future__ import annotations

import uuid
from typing import Any

from aduan.federation.inbound import Answer, error
from aduan.federation.models import Peer


def forwarded_report(peer: Peer, data: dict[str, Any]) -> Answer:
    return error(501, "not_implemented", "not yet")


def event(peer: Peer, global_id: uuid.UUID, data: dict[str, Any]) -> Answer:
    return error(501, "not_implemented", "not yet")
