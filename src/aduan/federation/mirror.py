"""Institution trees across the border: ours as peers read it, and the read-only mirror of theirs."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from aduan.federation import client
from aduan.federation.models import Peer, PeerInstitution
from aduan.institutions.models import Institution

ETAG_HEADER = client.ETAG_HEADER
CACHE_KEY = "aduan:federation:institutions"
CACHE_SECONDS = 60


def tree() -> list[dict[str, Any]]:
    """This instance's active institutions, parents before children."""
    rows = (
        Institution.objects.filter(active=True)
        .order_by("path")
        .values_list("code", "name", "kind", "parent__code", "region_id")
    )
    return [
        {"code": code, "name": name, "kind": kind, "parent": parent or "", "region": region or ""}
        for code, name, kind, parent, region in rows
    ]


def _published() -> tuple[str, list[dict[str, Any]]]:
    found = cache.get(CACHE_KEY)
    if found is None:
        items = tree()
        canonical = json.dumps(items, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
        found = ('"' + hashlib.sha256(canonical).hexdigest()[:32] + '"', items)
        cache.set(CACHE_KEY, found, CACHE_SECONDS)
    return found


def current_etag() -> str:
    """The version of our tree: a hash of its content (so it changes exactly when the tree does; a minute of
    caching per process)."""
    return _published()[0]


def published() -> tuple[str, list[dict[str, Any]]]:
    return _published()


def forget() -> None:
    cache.delete(CACHE_KEY)


def refresh(peer: Peer, *, force: bool = False) -> bool:
    """Fetch the peer's tree unless our mirror is current. True when the mirror changed."""
    headers = {} if force or not peer.institutions_etag else {"If-None-Match": peer.institutions_etag}
    reply = client.request(peer, "GET", "/federation/v1/institutions", extra_headers=headers)
    now = timezone.now()
    if reply.status == 304:
        Peer.objects.filter(pk=peer.pk).update(institutions_refreshed_at=now)
        return False
    items = reply.data.get("institutions")
    etag = str(reply.data.get("version", ""))[:80]
    if not isinstance(items, list):
        raise client.PeerError("institutions answer without a list", temporary=False, code="bad_answer")
    store(peer, items, etag)
    return True


def store(peer: Peer, items: list[dict[str, Any]], etag: str) -> None:
    """Replace the peer's mirrored tree. Institutions that disappeared stay, marked inactive, so old links
    still name them."""
    clean = {}
    for item in items:
        if not isinstance(item, dict) or not str(item.get("code", "")).strip():
            continue
        code = str(item["code"]).strip()[:64]
        clean[code] = {
            "name": str(item.get("name", ""))[:200] or code,
            "kind": str(item.get("kind", ""))[:20],
            "parent_code": str(item.get("parent", "") or "")[:64],
            "region_code": str(item.get("region", "") or "")[:13],
            "active": True,
        }
    with transaction.atomic():
        existing = {pi.code: pi for pi in PeerInstitution.objects.filter(peer=peer)}
        changed, new = [], []
        for code, values in clean.items():
            row = existing.get(code)
            if row is None:
                new.append(PeerInstitution(peer=peer, code=code, **values))
            elif any(getattr(row, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(row, k, v)
                changed.append(row)
        PeerInstitution.objects.bulk_create(new, batch_size=500)
        fields = ["name", "kind", "parent_code", "region_code", "active"]
        PeerInstitution.objects.bulk_update(changed, fields, batch_size=500)
        gone = [code for code in existing if code not in clean]
        PeerInstitution.objects.filter(peer=peer, code__in=gone).update(active=False)
        Peer.objects.filter(pk=peer.pk).update(
            institutions_etag=etag, announced_etag=etag, institutions_refreshed_at=timezone.now()
        )


def stale_peers() -> list[Peer]:
    """Peers whose last answer announced a tree version we don't mirror yet."""
    peers = Peer.objects.filter(active=True)
    return [p for p in peers if not p.institutions_etag or p.announced_etag != p.institutions_etag]
