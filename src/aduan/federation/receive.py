"""Applying what a peer sends: a forwarded report (filed through `lifecycle.submit`), and the steps on a
shared report (mirrored through `lifecycle.peer_event`, or relayed reporter actions). Each message is
applied once and in order per link (docs/federation.md, "Order and idempotency")."""

from __future__ import annotations

import contextlib
import logging
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from aduan.federation import wire
from aduan.federation.inbound import Answer, error
from aduan.federation.models import Peer, PeerLink
from aduan.institutions.models import Institution, Region
from aduan.reports import attachments as files
from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.errors import LifecycleError
from aduan.reports.lifecycle import reporter as reporter_actions
from aduan.reports.models import ActorKind, Category, Classification, Report

logger = logging.getLogger("aduan.federation")


def sender_id(peer: Peer, global_id: uuid.UUID | str) -> str:
    """How a forwarded report's reporter is known here: through the instance that forwarded it. It proves
    the reporter's relayed actions (like an SMS number does for an SMS reporter) and reveals nobody."""
    return f"{peer.name}:{global_id}"


def peer_actor(peer: Peer, label: str = "") -> Actor:
    return Actor(kind=ActorKind.PEER, label=(label or peer.name)[:120])


def forwarded_report(peer: Peer, data: dict[str, Any]) -> Answer:
    try:
        global_id = uuid.UUID(str(data.get("global_id", "")))
    except ValueError:
        return error(400, "bad_global_id", "global_id must be a UUID")
    existing = _existing(peer, global_id)
    if existing is not None:
        return existing
    target = Institution.objects.filter(code=str(data.get("institution", "")), active=True).first()
    if target is None:
        return error(422, "unknown_institution", f"no institution {data.get('institution')!r} here")
    report = data.get("report") if isinstance(data.get("report"), dict) else {}
    origin = data.get("origin") if isinstance(data.get("origin"), dict) else {}
    classification = str(report.get("classification", ""))
    if classification not in Classification.values:
        return error(
            422, "invalid_classification", "classification must be complaint, aspiration or information_request"
        )
    try:
        with transaction.atomic():
            submission = lifecycle.submit(
                peer_actor(peer, f"{origin.get('instance') or peer.name}"),
                classification=classification,
                title=str(report.get("title", "")),
                body=str(report.get("body", "")),
                category=_known_category(report.get("category")),
                incident_date=report.get("incident_date") or None,
                region=_known_region(report.get("region")),
                latitude=report.get("latitude"),
                longitude=report.get("longitude"),
                address=str(report.get("address") or ""),
                institution=target,
                anonymous=bool(report.get("anonymous")),
                confidential=bool(report.get("confidential")),
                channel="federation",
                sender=sender_id(peer, global_id),
                intake_institution=target,
                attachments=_acceptable(data.get("attachments")),
                global_id=global_id,
            )
            PeerLink.objects.create(
                report=submission.report,
                peer=peer,
                role=PeerLink.Role.HANDLER,
                remote_code=str(origin.get("code", ""))[:9],
                peer_institution_code=target.code,
                in_seq=1,
                created_at=submission.report.submitted_at,
            )
    except IntegrityError:
        # The same report arriving twice at once: the other request filed it.
        existing = _existing(peer, global_id)
        return existing or error(409, "conflict", "the report is being filed; try again")
    except LifecycleError as exc:
        return error(422, exc.code, str(exc.message))
    logger.info("federation: %s forwarded %s, filed as %s", peer.name, global_id, submission.report.code)
    return Answer(201, {"created": True, "code": submission.report.code, "global_id": str(global_id)})


def _existing(peer: Peer, global_id: uuid.UUID) -> Answer | None:
    report = Report.objects.filter(global_id=global_id).first()
    if report is None:
        return None
    if PeerLink.objects.filter(report=report, peer=peer, role=PeerLink.Role.HANDLER).exists():
        return Answer(200, {"created": False, "code": report.code, "global_id": str(global_id)})
    return error(422, "already_here", "this report already exists here, not forwarded by you")


def _known_category(code: Any) -> Category | None:
    return Category.objects.filter(code=str(code or ""), active=True).first() if code else None


def _known_region(code: Any) -> str | None:
    # Region codes are Kemendagri's everywhere; categories are each instance's own — unknown ones are left out.
    return str(code) if code and Region.objects.filter(pk=str(code)).exists() else None


def _acceptable(items: Any) -> list[tuple[str, bytes]]:
    """The attachments this instance accepts by its own rules; one it refuses is left out, not the report."""
    kept = []
    for name, data in wire.decode(items)[: files.MAX_FILES]:
        try:
            files.check(name, data)
        except LifecycleError:
            logger.info("federation: attachment %r refused by this instance's rules", name)
            continue
        kept.append((name, data))
    return kept


def event(peer: Peer, global_id: uuid.UUID, data: dict[str, Any]) -> Answer:
    try:
        seq = int(data.get("seq"))
    except (TypeError, ValueError):
        return error(400, "bad_seq", "seq must be an integer")
    with transaction.atomic():
        link = (
            PeerLink.objects.select_for_update()
            .select_related("report")
            .filter(report__global_id=global_id, peer=peer)
            .first()
        )
        if link is None:
            return error(404, "unknown_report", "no report with this global_id is shared with you")
        if seq <= link.in_seq:
            return Answer(200, {"applied": False, "duplicate": True, "seq": seq})
        if seq != link.in_seq + 1:
            return Answer(
                409, {"error": "out_of_order", "detail": "an earlier message is missing", "expected": link.in_seq + 1}
            )
        outcome = _apply(peer, link, data)
        if isinstance(outcome, Answer):
            transaction.set_rollback(True)
            return outcome
        PeerLink.objects.filter(pk=link.pk).update(in_seq=seq)
    return Answer(200, {"applied": outcome is None, "seq": seq, **({"error": outcome} if outcome else {})})


def _apply(peer: Peer, link: PeerLink, data: dict[str, Any]) -> str | Answer | None:
    """Apply one step. None when applied; an error code when acknowledged but not applicable here; an
    Answer to refuse the message (nothing applied, the sender keeps it)."""
    kind = str(data.get("kind", ""))
    text = str(data.get("text") or "")
    attachments = _acceptable(data.get("attachments"))
    detail = data.get("data") if isinstance(data.get("data"), dict) else {}
    if link.role == PeerLink.Role.ORIGIN:
        try:
            lifecycle.peer_event(
                peer_actor(peer, str(data.get("actor") or "")),
                link.report,
                peer=peer.name,
                kind=kind,
                status=str(data.get("status", "")),
                audience=str(data.get("audience", "public")),
                text=text,
                data={**detail, "seq": data.get("seq"), "by": data.get("actor", "")},
                attachments=attachments,
            )
        except LifecycleError as exc:
            return error(422, exc.code, str(exc.message))
        return None
    return _relay(peer, link, kind, text=text, detail=detail, attachments=attachments)


def _relay(
    peer: Peer, link: PeerLink, kind: str, *, text: str, detail: dict[str, Any], attachments: list[tuple[str, bytes]]
) -> str | None:
    """A reporter's action at the origin, taken here as the reporter (proven by the forwarding instance)."""
    actor = Actor.reporter_by_sender("federation", sender_id(peer, link.report.global_id))
    report = link.report
    try:
        if kind == "disputed":
            lifecycle.dispute(actor, report, message=text)
        elif kind == "confirmed":
            lifecycle.confirm(actor, report, message=text)
        elif kind == "rated":
            lifecycle.rate(actor, report, score=detail.get("score"), message=text)
        elif kind == "info_supplied":
            lifecycle.supply_info(actor, report, message=text, attachments=attachments)
        else:
            reporter_actions.reply(actor, report, message=text, attachments=attachments)
        return None
    except LifecycleError as exc:
        refused = exc.code
    # The step no longer fits here (the handler moved on): the handlers still read what the reporter said.
    logger.info("federation: relayed %s on %s not applicable here (%s)", kind, report.code, refused)
    if text.strip() and kind != "reporter_replied":
        with contextlib.suppress(LifecycleError):
            reporter_actions.reply(actor, report, message=text, attachments=attachments)
    return refused or _("tidak dapat diterapkan")
