"""Helpers for the report tests: fixed local times, lifecycle shortcuts, and "refused and changed nothing"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from aduan.notify.models import Notification
from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.errors import LifecycleError
from aduan.reports.models import Assignment, IdentityReveal, Report, ReportEvent

WIB = ZoneInfo("Asia/Jakarta")
# Monday 2 March 2026, 10:00 WIB: an ordinary working week (the Idul Fitri holidays start on the 18th).
T0 = datetime(2026, 3, 2, 10, tzinfo=WIB)


def wib(month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


def reload(report: Report) -> Report:
    return Report.objects.select_related("institution", "unit", "intake_institution", "reporter").get(pk=report.pk)


def snapshot(report: Report) -> dict[str, Any]:
    """Everything an action could change about one report, read back from the database."""
    row = Report.objects.filter(pk=report.pk).values().get()
    row.pop("updated_at")
    return {
        "report": row,
        "events": list(ReportEvent.objects.filter(report_id=report.pk).values_list("seq", "kind", "hash")),
        "assignments": list(
            Assignment.objects.filter(report_id=report.pk)
            .order_by("pk")
            .values_list("institution_id", "level", "ended_at", "end_reason")
        ),
        "notifications": Notification.objects.filter(report_id=report.pk).count(),
        "reveals": IdentityReveal.objects.filter(report_id=report.pk).count(),
    }


def refused(code: str, report: Report, action: Callable[..., Any], *args: Any, **kwargs: Any) -> LifecycleError:
    """Call `action`; it must raise LifecycleError with `code` and leave the report exactly as it was."""
    before = snapshot(report)
    with pytest.raises(LifecycleError) as caught:
        action(*args, **kwargs)
    assert caught.value.code == code, f"expected {code!r}, got {caught.value.code!r}: {caught.value.detail}"
    assert caught.value.detail  # a message for people, not just a code
    after = snapshot(report)
    assert after == before
    # The three fields the brief names, spelled out so a failure reads plainly.
    assert (after["report"]["status"], after["report"]["event_count"], after["report"]["last_hash"]) == (
        before["report"]["status"],
        before["report"]["event_count"],
        before["report"]["last_hash"],
    )
    return caught.value


def kinds(report: Report) -> list[str]:
    return list(ReportEvent.objects.filter(report_id=report.pk).order_by("seq").values_list("kind", flat=True))


def last_event(report: Report) -> ReportEvent:
    return ReportEvent.objects.filter(report_id=report.pk).order_by("-seq").first()


def active_assignments(report: Report) -> list[tuple[str, str]]:
    return list(
        Assignment.objects.filter(report_id=report.pk, ended_at__isnull=True)
        .order_by("pk")
        .values_list("institution__code", "level")
    )


class Steps:
    """Shortcuts that drive a report through the lifecycle as the right people, at fixed times."""

    def __init__(self, world: Any, file_report: Callable[..., lifecycle.Submission]) -> None:
        self.world = world
        self._file = file_report

    def actor(self, user: Any) -> Actor:
        return self.world.actor(user)

    @property
    def verifier(self) -> Actor:
        return self.actor(self.world.verifier)

    @property
    def admin(self) -> Actor:
        return self.actor(self.world.regency_admin)

    @property
    def liaison(self) -> Actor:
        return self.actor(self.world.liaison)

    def file(self, at: datetime = T0, **fields: Any) -> lifecycle.Submission:
        return self._file(at=at, **fields)

    def reporter(self, submission: lifecycle.Submission) -> Actor:
        assert submission.access_token
        return Actor.reporter_with_token(submission.access_token)

    def routed(self, at: datetime = T0, institution: Any = None, **fields: Any) -> lifecycle.Submission:
        """Filed at `at`, verified an hour later to the regency (or `institution`)."""
        sub = self.file(at=at, **fields)
        report = lifecycle.verify(
            self.verifier, sub.report, institution=institution or self.world.regency, at=at + timedelta(hours=1)
        )
        return lifecycle.Submission(report, sub.access_token)

    def assigned(self, at: datetime = T0, **fields: Any) -> lifecycle.Submission:
        """Routed to the regency, then sent on to its Dinas PU two hours after filing."""
        sub = self.routed(at=at, **fields)
        report = lifecycle.assign(self.admin, sub.report, institution=self.world.dinas_pu, at=at + timedelta(hours=2))
        return lifecycle.Submission(report, sub.access_token)

    def responded(self, at: datetime = T0, response_at: datetime | None = None, **fields: Any) -> lifecycle.Submission:
        sub = self.routed(at=at, **fields)
        report = lifecycle.respond(
            self.admin,
            sub.report,
            message="Jalan sudah ditambal oleh tim pemeliharaan.",
            at=response_at or at + timedelta(days=1),
        )
        return lifecycle.Submission(report, sub.access_token)
