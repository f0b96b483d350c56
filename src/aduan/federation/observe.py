"""The sync's outbox (DESIGN §5): every lifecycle write on a report shared with a peer queues, in the same
transaction, what the peer on the other side of each link is owed (docs/federation.md, "Sync").

- On a report we forwarded (link role `origin`), the peer handles it: it is owed the reporter's actions
  (replies, information, disputes, confirmation, rating) — relayed, since the reporter is ours.
- On a report a peer forwarded to us (role `handler`), the peer is owed every public or reporter-facing
  step by anyone but the reporter — including steps mirrored from a further peer, but never a step back to
  the peer it came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from aduan.federation import wire
from aduan.federation.models import PeerDelivery, PeerLink
from aduan.institutions.models import Institution
from aduan.reports.models import ActorKind, EventAudience, ReportEvent
from aduan.reports.observers import observe

if TYPE_CHECKING:
    from aduan.reports.lifecycle.base import Change

SHARED_AUDIENCES = (EventAudience.PUBLIC, EventAudience.REPORTER)
RELAYED_REPORTER_KINDS = frozenset({"reporter_replied", "info_supplied", "disputed", "confirmed", "rated"})
NOT_SYNCED = frozenset({"submitted", "supported", "claimed", "duplicate_merged", "duplicate_unmerged"})


def owed(link: PeerLink, event: ReportEvent) -> bool:
    if event.audience not in SHARED_AUDIENCES:
        return False
    if link.role == PeerLink.Role.ORIGIN:
        return event.actor_kind == ActorKind.REPORTER and event.kind in RELAYED_REPORTER_KINDS
    if event.actor_kind in (ActorKind.REPORTER, ActorKind.PUBLIC) or event.kind in NOT_SYNCED:
        return False
    return not (event.actor_kind == ActorKind.PEER and event.data.get("peer") == link.peer.name)


@observe
def queue_for_peers(changes: Sequence[Change]) -> None:
    # Only steps that some link could owe (a new report's intake never does: no query on the hot path).
    candidates = [
        (c.report, e) for c in changes for e in c.events if e.audience in SHARED_AUDIENCES and e.kind not in NOT_SYNCED
    ]
    if not candidates:
        return
    links: dict[int, list[PeerLink]] = {}
    for link in PeerLink.objects.filter(report_id__in={r.pk for r, _ in candidates}).select_related("peer"):
        links.setdefault(link.report_id, []).append(link)
    if not links:
        return
    wanted = {e.actor_institution_id for _, e in candidates if e.actor_institution_id}
    names = dict(Institution.objects.filter(pk__in=wanted).values_list("pk", "name"))
    rows: list[PeerDelivery] = []
    touched: dict[int, PeerLink] = {}
    for report, event in candidates:
        for link in links.get(report.pk, []):
            if not owed(link, event):
                continue
            # The report is locked by the lifecycle for this transaction: its links' counters are ours.
            link.out_seq += 1
            touched[link.pk] = link
            rows.append(
                PeerDelivery(
                    peer=link.peer,
                    link=link,
                    report=report,
                    seq=link.out_seq,
                    kind=PeerDelivery.Kind.EVENT,
                    event_seq=event.seq,
                    payload=wire.event_payload(report, event, link.out_seq, wire.actor_label(event, names)),
                    next_attempt_at=event.created_at,
                    created_at=event.created_at,
                )
            )
    for link in touched.values():
        PeerLink.objects.filter(pk=link.pk).update(out_seq=link.out_seq)
    PeerDelivery.objects.bulk_create(rows)
