"""Property: any sequence of actions by any actors leaves a report valid, its chain intact, and its state
what its events say. Refused actions change nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.audit import verify
from aduan.reports.lifecycle import timed
from aduan.reports.models import Assignment, Report, Status
from aduan.reports.projection import project
from aduan.reports.states import OPEN

LONG = "Keterangan yang cukup panjang untuk diterima sistem."
MOVES: list[tuple[str, dict[str, Any]]] = [
    ("verify", {"institution": "pemkab-33-26"}),
    ("verify", {"institution": "pemkot-33-75"}),
    ("verify", {"institution": "pemkab-33-26-dinas-pu"}),
    ("request_info", {"message": LONG}),
    ("supply_info", {"message": LONG}),
    ("postpone", {"until": "+7"}),
    ("archive", {"reason": "spam"}),
    ("merge", {"into": "target"}),
    ("accept", {}),
    ("assign", {"institution": "pemkab-33-26-dinas-pu"}),
    ("assign", {"institution": "pemkab-33-26-dinkes"}),
    ("not_authority", {"reason": LONG, "proposal": "pemprov-33"}),
    ("respond", {"message": LONG}),
    ("reply", {"message": LONG}),
    ("dispute", {"message": LONG}),
    ("confirm", {}),
    ("rate", {"score": 4}),
    ("reopen", {"message": LONG}),
    ("note", {"message": LONG}),
    ("comment", {"message": LONG}),
    ("close_by_silence", {}),
    ("escalate", {}),
    ("end_postponement", {}),
]
ACTORS = [
    "reporter",
    "verifier",
    "regency_admin",
    "province_admin",
    "other_admin",
    "liaison",
    "health_liaison",
    "oversight",
    "citizen",
    "system",
]
CLOCKED = {
    Status.SUBMITTED,
    Status.NEEDS_INFO,
    Status.POSTPONED,
    Status.DISPOSITIONED,
    Status.IN_PROGRESS,
    Status.RESPONDED,
}

# Who usually may make each move; steps pick that actor most of the time and anyone otherwise, so
# sequences reach deep states and still try every wrong actor.
RIGHT = {
    "verify": ["verifier"],
    "request_info": ["verifier"],
    "postpone": ["verifier"],
    "archive": ["verifier"],
    "merge": ["verifier"],
    "reopen": ["verifier"],
    "supply_info": ["reporter"],
    "reply": ["reporter"],
    "dispute": ["reporter"],
    "confirm": ["reporter"],
    "rate": ["reporter"],
    "accept": ["regency_admin", "liaison"],
    "assign": ["regency_admin"],
    "not_authority": ["regency_admin", "liaison"],
    "respond": ["regency_admin", "liaison"],
    "note": ["liaison", "verifier"],
    "comment": ["regency_admin"],
    "close_by_silence": ["system"],
    "escalate": ["system"],
    "end_postponement": ["system"],
}


# Moves that make sense in each status; most steps pick one of these so sequences reach every state.
LIKELY = {
    Status.SUBMITTED: ["verify", "request_info", "postpone", "archive", "merge", "comment"],
    Status.NEEDS_INFO: ["supply_info", "reply", "verify", "postpone", "archive"],
    Status.POSTPONED: ["verify", "request_info", "archive", "end_postponement"],
    Status.DISPOSITIONED: ["accept", "assign", "not_authority", "respond", "note", "escalate"],
    Status.IN_PROGRESS: ["assign", "not_authority", "respond", "reply", "escalate"],
    Status.RESPONDED: ["dispute", "confirm", "close_by_silence", "reply"],
    Status.COMPLETED: ["rate", "reopen"],
    Status.ARCHIVED: ["reopen"],
}


def _draw_step(data: Any, status: str) -> tuple[int, str]:
    if data.draw(st.integers(0, 3), label="wild") == 0:
        move = data.draw(st.integers(0, len(MOVES) - 1), label="move")
    else:
        name = data.draw(st.sampled_from(LIKELY[status]), label="likely")
        move = data.draw(st.sampled_from([i for i, m in enumerate(MOVES) if m[0] == name]), label="variant")
    usual = RIGHT[MOVES[move][0]]
    return move, data.draw(st.sampled_from(usual * 4 + ACTORS), label="actor")


def _actor(world: Any, name: str, token: str) -> Actor:
    if name == "reporter":
        return Actor.reporter_with_token(token)
    if name == "system":
        return Actor.system()
    return Actor.for_user(getattr(world, name))


def _apply(world: Any, code: str, target: str, token: str, move: int, who: str) -> None:
    name, payload = MOVES[move]
    payload = dict(payload)
    if payload.get("into") == "target":
        payload["into"] = target
    if payload.get("until") == "+7":
        payload["until"] = (timezone.localdate() + timedelta(days=7)).isoformat()
    if name in {"close_by_silence", "escalate", "end_postponement"}:
        if who == "system":
            getattr(timed, name)(code, at=timezone.now())
        return
    lifecycle.perform(_actor(world, who, token), code, name, payload)


def _check(report: Report) -> None:
    assert list(verify(report.code)) == []
    events = list(report.events.order_by("seq"))
    state = project(events)
    assert state.problems == []
    assert state.status == report.status
    assert state.institution == (report.institution.code if report.institution else None)
    assert state.unit == (report.unit.code if report.unit else None)
    active = Assignment.objects.filter(report=report, ended_at__isnull=True)
    if report.institution_id and report.status != Status.SUBMITTED:
        assert active.filter(institution=report.institution, level="institution").count() == 1
    if report.unit_id:
        assert active.filter(institution=report.unit, level="unit").count() == 1
    assert (report.due_at is not None) == (report.status in CLOCKED)
    assert (report.closed_at is not None) == (report.status in {Status.COMPLETED, Status.ARCHIVED})
    if report.status not in OPEN:
        assert report.escalate_at is None


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.data(), length=st.integers(0, 24))
def test_any_sequence_leaves_a_valid_report(world: Any, file_report: Any, data: Any, length: int) -> None:
    target = file_report().report.code
    submission = file_report(anonymous=True)
    code = submission.report.code
    for _ in range(length):
        move, who = _draw_step(data, Report.objects.values_list("status", flat=True).get(code=code))
        before = Report.objects.values("status", "event_count", "last_hash").get(code=code)
        try:
            _apply(world, code, target, submission.access_token or "", move, who)
        except lifecycle.LifecycleError:
            after = Report.objects.values("status", "event_count", "last_hash").get(code=code)
            assert after == before, "a refused action changed the report"
        _check(Report.objects.select_related("institution", "unit").get(code=code))
    _check(Report.objects.select_related("institution", "unit").get(code=target))
