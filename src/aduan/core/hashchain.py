"""The hash chain over a report's events: each event's hash covers its content and the previous hash.

The canonical form is plain JSON (sorted keys, no spaces, UTF-8), so anyone can recompute a chain from an
export without Aduan: sha256(prev_hash + "\n" + canonical_json(fields)).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def canonical(fields: dict[str, Any]) -> str:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def link(prev_hash: str, fields: dict[str, Any]) -> str:
    payload = f"{prev_hash}\n{canonical(fields)}".encode()
    return hashlib.sha256(payload).hexdigest()
