"""Peers and their health, for `aduan federation peers` and the operators' page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min

from aduan.federation.models import Peer, PeerDelivery, PeerInstitution, RefusedRequest


@dataclass(frozen=True)
class PeerHealth:
    name: str
    role: str
    base_url: str
    active: bool
    last_success_at: datetime | None
    last_error_at: datetime | None
    last_error: str
    queued: int
    failed: int
    oldest_queued_at: datetime | None
    institutions: int
    institutions_refreshed_at: datetime | None

    @property
    def healthy(self) -> bool:
        """Answered last time we asked, and nothing waits that failed for good."""
        if self.last_success_at is None or self.failed:
            return False
        return self.last_error_at is None or self.last_success_at > self.last_error_at


def peers() -> list[PeerHealth]:
    # Three small grouped queries rather than one join of deliveries × institutions.
    queued: dict[int, int] = {}
    failed: dict[int, int] = {}
    oldest: dict[int, datetime] = {}
    grouped = PeerDelivery.objects.exclude(state=PeerDelivery.State.SENT).values("peer_id", "state")
    for row in grouped.annotate(n=Count("id"), first=Min("created_at")):
        if row["state"] == PeerDelivery.State.FAILED:
            failed[row["peer_id"]] = row["n"]
        else:
            queued[row["peer_id"]] = queued.get(row["peer_id"], 0) + row["n"]
            if row["peer_id"] not in oldest or row["first"] < oldest[row["peer_id"]]:
                oldest[row["peer_id"]] = row["first"]
    counted = PeerInstitution.objects.filter(active=True).values("peer_id").annotate(n=Count("id"))
    mirrored = dict(counted.values_list("peer_id", "n"))
    return [
        PeerHealth(
            name=p.name,
            role=p.role,
            base_url=p.base_url,
            active=p.active,
            last_success_at=p.last_success_at,
            last_error_at=p.last_error_at,
            last_error=p.last_error,
            queued=queued.get(p.pk, 0),
            failed=failed.get(p.pk, 0),
            oldest_queued_at=oldest.get(p.pk),
            institutions=mirrored.get(p.pk, 0),
            institutions_refreshed_at=p.institutions_refreshed_at,
        )
        for p in Peer.objects.order_by("name")
    ]


def recent_refusals(limit: int = 20) -> list[RefusedRequest]:
    return list(RefusedRequest.objects.order_by("-at")[:limit])
