"""What a browser's session remembers of the reports it sent: each report's code and, for a reporter
without an account, the secret of its access link (shown on `/lapor/terkirim/`, used by `/daftar/` to
claim the report); and which form submission filed which report (a double submit answers the first)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

KEY = "citizen"
KEEP = 20  # the most recent reports and submissions a session remembers


@dataclass(frozen=True)
class Sent:
    code: str
    token: str  # "" when the report belongs to an account


def _state(request: HttpRequest) -> dict:
    state = request.session.get(KEY)
    if not isinstance(state, dict):
        state = {}
    state.setdefault("reports", {})
    state.setdefault("submissions", {})
    state.setdefault("last", "")
    return state


def _trimmed(items: dict) -> dict:
    return dict(list(items.items())[-KEEP:])


def remember(request: HttpRequest, code: str, token: str | None, submission_id: str | None) -> None:
    state = _state(request)
    reports = {k: v for k, v in state["reports"].items() if k != code}
    reports[code] = token or ""
    state["reports"] = _trimmed(reports)
    if submission_id:
        state["submissions"][submission_id] = code
        state["submissions"] = _trimmed(state["submissions"])
    state["last"] = code
    request.session[KEY] = state


def submitted(request: HttpRequest, submission_id: str | None) -> str | None:
    """The code a form submission already filed in this session, if any."""
    if not submission_id:
        return None
    return _state(request)["submissions"].get(submission_id)


def sent(request: HttpRequest, code: str | None = None) -> Sent | None:
    """A report this session sent: `code`, or the last one."""
    state = _state(request)
    code = code or state["last"]
    if not code or code not in state["reports"]:
        return None
    return Sent(code, state["reports"][code])


def with_tokens(request: HttpRequest) -> list[Sent]:
    """The reports this session sent without an account (they hold an access token), oldest first."""
    return [Sent(code, token) for code, token in _state(request)["reports"].items() if token]


def forget_token(request: HttpRequest, code: str) -> None:
    """After a report is claimed by an account, the session no longer needs its secret."""
    state = _state(request)
    if state["reports"].get(code):
        state["reports"][code] = ""
        request.session[KEY] = state
