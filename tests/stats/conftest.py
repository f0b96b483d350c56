"""A hand-built set of reports taken through the lifecycle with known timestamps (see test_figures.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from aduan.institutions.models import Region
from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.models import Report
from aduan.reports.sweep import sweep
from aduan.stats.facts import clear_caches

WIB = ZoneInfo("Asia/Jakarta")


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=WIB)


@pytest.fixture(autouse=True)
def _stats_caches() -> None:
    clear_caches()
    from aduan.stats import query

    query._provinces.cache_clear()


@dataclass
class Story:
    confirmed: Report  # R1: verified after 3 working days across a weekend and holidays, answered in 2
    silent: Report  # R2: answered late (6 working days), closed by silence
    spam: Report  # R3: archived as spam (an aspiration)
    moved: Report  # R4: declined once, moved to another institution, never answered
    secret: Report  # R5: confidential, answered in 1 working day, closed by silence


@pytest.fixture
def story(world: Any, file_report: Any) -> Story:
    Region.objects.filter(code="33").update(population=1_000_000)
    Region.objects.filter(code="33.26").update(population=200_000)
    world.regency.population = 200_000
    world.regency.save()
    verifier, admin = world.actor(world.verifier), world.actor(world.regency_admin)

    def reporter(submission: Any) -> Actor:
        return Actor.reporter_with_token(submission.access_token)

    s1 = file_report(at=at("2025-01-24"))
    lifecycle.verify(verifier, s1.report.code, institution=world.regency, at=at("2025-02-03"))
    lifecycle.respond(admin, s1.report.code, message="Jalan sudah ditambal oleh Dinas PU.", at=at("2025-02-05"))
    lifecycle.confirm(reporter(s1), s1.report.code, at=at("2025-02-06"))

    s2 = file_report(at=at("2025-02-03"))
    lifecycle.verify(verifier, s2.report.code, institution=world.regency, at=at("2025-02-04"))
    lifecycle.respond(admin, s2.report.code, message="Perbaikan dijadwalkan bulan depan.", at=at("2025-02-12"))

    s3 = file_report(classification="aspiration", at=at("2025-02-04"))
    lifecycle.archive(verifier, s3.report.code, reason="spam", at=at("2025-02-05"))

    s4 = file_report(at=at("2025-02-04"))
    lifecycle.verify(verifier, s4.report.code, institution=world.regency, at=at("2025-02-05"))
    lifecycle.not_authority(admin, s4.report.code, reason="Jalan ini milik Kota Pekalongan.", at=at("2025-02-06"))
    lifecycle.verify(verifier, s4.report.code, institution=world.other_regency, at=at("2025-02-07"))

    s5 = file_report(
        confidential=True,
        title="Pungutan liar RAHASIA-JUDUL di kantor desa",
        body="Kepala desa meminta uang RAHASIA-ISI untuk surat keterangan.",
        at=at("2025-02-04"),
    )
    lifecycle.verify(verifier, s5.report.code, institution=world.regency, at=at("2025-02-05"))
    lifecycle.respond(admin, s5.report.code, message="Sudah ditangani inspektorat.", at=at("2025-02-06"))

    result = sweep(at=at("2025-03-03"))  # R2's 10 working days are over: closed by silence, and R5 (a sweep batch)
    assert result.counts["closed_by_silence"] == 2  # R2 and R5
    return Story(*(Report.objects.get(pk=s.report.pk) for s in (s1, s2, s3, s4, s5)))
