"""Oversight's logged reveal of a reporter's identity (DESIGN §1, §4)."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from aduan.reports.actors import Actor
from aduan.reports.lifecycle.base import Change, now, require, require_text, run
from aduan.reports.models import EventAudience, IdentityReveal, Report

MIN_REASON = 20


def reveal_identity(actor: Actor, report: Report | str, *, reason: str, at: datetime | None = None) -> dict[str, str]:
    """Return the identity to an oversight user, recording who, when and why in the report's history."""
    at = at or now()
    revealed: dict[str, str] = {}

    def act(change: Change) -> None:
        r = change.report
        require(actor.viewer.is_oversight, _("Hanya pengawas yang dapat membuka identitas pelapor."))
        text = require_text(reason, _("Alasan membuka identitas"), minimum=MIN_REASON)
        IdentityReveal.objects.create(report=r, user=actor.user, reason=text, created_at=at)
        change.append(actor, at, "identity_revealed", r.status, EventAudience.INTERNAL, internal_note=text)
        revealed.update(r.reporter.reveal() if r.reporter is not None else {})

    run(report, act)
    return revealed
