"""Actions by name, for the API and other adapters: `perform(actor, code, "verify", {...})`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from aduan.reports.actors import Actor
from aduan.reports.errors import Invalid
from aduan.reports.lifecycle import federation, handling, reporter, verification
from aduan.reports.models import Report


@dataclass(frozen=True)
class Action:
    function: Callable[..., Report]
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    takes_files: bool = False


# The names are DESIGN §7's contract. "message" is the action's text; for not_authority it is the reason.
ACTIONS: dict[str, Action] = {
    "verify": Action(verification.verify, ("institution",), ("message", "public_title", "public_body", "note")),
    "request_info": Action(verification.request_info, ("message",)),
    "supply_info": Action(verification.supply_info, ("message",), takes_files=True),
    "postpone": Action(verification.postpone, ("until",), ("message",)),
    "archive": Action(verification.archive, ("reason",), ("message",)),
    "merge": Action(verification.merge, ("into",), ("message",)),
    "accept": Action(handling.accept, (), ("message",)),
    "assign": Action(handling.assign, ("institution",), ("message",)),
    "not_authority": Action(handling.not_authority, ("reason",), ("proposal",)),
    "respond": Action(handling.respond, ("message",), takes_files=True),
    "comment": Action(handling.comment, ("message",)),
    "note": Action(handling.note, ("message",)),
    "reply": Action(reporter.reply, ("message",), takes_files=True),
    "dispute": Action(reporter.dispute, ("message",)),
    "confirm": Action(reporter.confirm, (), ("message",)),
    "rate": Action(reporter.rate, ("score",), ("message",)),
    "reopen": Action(verification.reopen, ("message",)),
    # Federation (docs/federation.md): to an institution on a peer instance: {"peer", "institution"}, or
    # {"institution": "<peer>/<code>"} (the JSON API's action body has no "peer" field).
    "forward": Action(federation.forward, ("institution",), ("peer", "message")),
}


def perform(
    actor: Actor,
    report: Report | str,
    name: str,
    payload: dict[str, Any] | None = None,
    attachments: list[tuple[str, Any]] | None = None,
) -> Report:
    action = ACTIONS.get(name)
    if action is None:
        raise Invalid(_("Tindakan tidak dikenal: %(action)s") % {"action": name}, code="unknown_action")
    given = {k: v for k, v in (payload or {}).items() if v not in (None, "")}
    if name == "not_authority" and "reason" not in given and "message" in given:
        given["reason"] = given.pop("message")
    missing = [key for key in action.required if key not in given]
    if missing:
        raise Invalid(
            _("Data yang wajib untuk tindakan ini belum diisi: %(fields)s") % {"fields": ", ".join(missing)},
            code="missing_field",
        )
    kwargs = {key: given[key] for key in action.required + action.optional if key in given}
    if attachments:
        if not action.takes_files:
            raise Invalid(_("Tindakan ini tidak menerima lampiran."), code="unexpected_file")
        kwargs["attachments"] = attachments
    return action.function(actor, report, **kwargs)
