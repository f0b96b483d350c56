"""The worker's federation loop: send the outbox, keep peers' institution trees current, forget old nonces."""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger("aduan.federation")
RETRY_STALE = 60.0
_tried: dict[str, float] = {}


def run_once(last_refresh: float = 0.0) -> tuple[bool, float]:
    """One pass. Returns (whether anything was sent, when trees were last fully re-checked)."""
    from aduan.federation import delivery, identity, inbound, mirror
    from aduan.federation.client import PeerError
    from aduan.federation.models import Peer

    if not identity.initialised():
        identity.forget()  # `aduan federation init` may run while the worker does
        return False, last_refresh
    outcomes = delivery.deliver_due()
    if outcomes:
        logger.info("federation delivery: %s", dict(outcomes))
    now = time.monotonic()
    every = now - last_refresh >= settings.ADUAN_FEDERATION_REFRESH
    peers = list(Peer.objects.filter(active=True)) if every else mirror.stale_peers()
    for peer in peers:
        # A peer that announced a new tree is asked at most once a minute (it may be down).
        if not every and now - _tried.get(peer.name, -RETRY_STALE) < RETRY_STALE:
            continue
        _tried[peer.name] = now
        try:
            if mirror.refresh(peer):
                logger.info("federation: institution tree of %s refreshed", peer.name)
        except PeerError as exc:
            logger.info("federation: institution tree of %s not refreshed: %s", peer.name, exc)
    if every:
        inbound.prune_nonces()
        last_refresh = now
    return bool(outcomes), last_refresh


def loop(stop: threading.Event) -> None:
    last_refresh = 0.0
    while not stop.is_set():
        busy = False
        try:
            busy, last_refresh = run_once(last_refresh)
        except Exception:
            # Claimed rows stay leased and are claimed again after the lease: nothing is lost.
            logger.exception("federation pass failed")
        finally:
            close_old_connections()
        if not busy:
            stop.wait(settings.ADUAN_FEDERATION_INTERVAL)
