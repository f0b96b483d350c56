"""A million open reports, fast: built in memory with the lifecycle's own pieces, written with COPY.

Each report gets a history a real one could have had — `submitted`, then as its scenario requires
`info_requested`, `postponed`, `verified`, `accepted`, `responded`, `overdue` — chained with
`aduan.reports.events.new_event`, with the report's clocks set by `aduan.reports.deadlines` exactly as the
lifecycle sets them. Rows go to PostgreSQL with COPY in chunks (bounded memory), so `aduan audit verify`
passes on every generated report: same hashes, same projection, same head.

Scenarios fix what share of the reports the sweep must act on (first sweep), and what share it must
leave alone although they sit in the due-time indexes (already flagged overdue, not yet due).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import random
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from operator import attrgetter
from typing import Any

from django.db import models
from django.db.models.base import ModelState
from django.utils import timezone
from texts import CHANNELS, Generator

from aduan.core import crypto, trackcode
from aduan.core.phones import normalize_phone
from aduan.institutions.models import Institution, Region
from aduan.reports import deadlines
from aduan.reports.actors import Actor
from aduan.reports.events import new_event
from aduan.reports.lifecycle.timed import flag_overdue
from aduan.reports.models import (
    Assignment,
    Category,
    DueKind,
    EventAudience,
    Report,
    ReporterIdentity,
    ReportEvent,
    Status,
)

DAY = timedelta(days=1)
# The longest generated history (submitted, verified, accepted, responded or overdue) and id blocks per chunk.
MAX_EVENTS = 4
ID_BLOCKS = {"identity": 1, "report": 1, "event": MAX_EVENTS, "assignment": 1}
# A "not yet due" report must stay not due for at least this long after generation started.
NOT_DUE_MARGIN = timedelta(days=1)


@dataclass(frozen=True)
class Scenario:
    name: str
    percent: float
    rule: str | None  # the sweep rule expected to act on it in the first run, None when it must not
    note: str


SCENARIOS = [
    # Due: the first sweep acts on these (~16 %).
    Scenario("silence", 3, "closed_by_silence", "responded, the reporter's 10-working-day window is over"),
    Scenario("postpone_over", 2, "postpone_ended", "postponed to a date that has come"),
    Scenario("verify_late", 4, "overdue", "submitted, 3 working days to verify are over"),
    Scenario("info_late", 1, "overdue", "needs_info, the reporter's 10 working days are over"),
    Scenario("followup_late", 5, "overdue", "dispositioned/in progress, 5 working days to follow up are over"),
    Scenario("sixty_days", 1, "escalated", "in progress, flagged overdue long ago, 60 days since disposition"),
    # In the due-time indexes but already handled: the sweep must skip them, every run.
    Scenario("flagged", 5, None, "in progress, follow-up overdue and already flagged, under 60 days"),
    # Not yet due.
    Scenario("new", 20, None, "submitted within the day"),
    Scenario("asked", 4, None, "needs_info, asked within the day"),
    Scenario("parked", 3, None, "postponed to a date still ahead"),
    Scenario("routed", 12, None, "dispositioned within 3 days"),
    Scenario("working", 32, None, "in progress, dispositioned within 3 days"),
    Scenario("answered", 8, None, "responded within 5 days"),
]
assert sum(s.percent for s in SCENARIOS) == 100


@dataclass
class Built:
    report: Report
    identity: ReporterIdentity | None
    events: list[ReportEvent]
    assignment: Assignment | None = None


@dataclass
class Context:
    """Everything the builders look up, loaded once."""

    villages: list[tuple[str, str]]
    categories: dict[str, int]
    regency_of: dict[str, tuple[int, str, int]]  # regency region code -> (institution id, code, parent id)
    verifier: Actor
    admin: Actor
    identities: list[dict[str, str]]
    texts: Generator
    channels: list[str]


def load_context(seed: int) -> Context:
    """Reference data must be loaded. Creates the two staff accounts the generated events name."""
    from django.contrib.auth.models import User

    def user(name: str) -> User:
        found = User.objects.filter(username=name).first()
        if found is None:
            found = User(username=name)
            found.set_unusable_password()
            found.save()
        return found

    villages = list(Region.objects.filter(level=Region.Level.VILLAGE).values_list("code", "name"))
    categories = dict(Category.objects.filter(active=True, parent__isnull=False).values_list("code", "id"))
    regency_of = {
        region: (pk, code, parent)
        for region, pk, code, parent in Institution.objects.filter(region__level=Region.Level.REGENCY).values_list(
            "region_id", "id", "code", "parent_id"
        )
    }
    villages = [(code, name) for code, name in villages if ".".join(code.split(".")[:2]) in regency_of]
    rng = random.Random(seed)
    texts = Generator(seed, villages, list(categories), {r: v[1] for r, v in regency_of.items()})
    return Context(
        villages=villages,
        categories=categories,
        regency_of=regency_of,
        verifier=Actor.for_user(user("bench-verifikator")),
        admin=Actor.for_user(user("bench-admin-instansi")),
        identities=[_identity(texts, rng) for _ in range(512)],
        texts=texts,
        channels=[name for name, weight in CHANNELS for _ in range(weight)],
    )


def _identity(texts: Generator, rng: random.Random) -> dict[str, str]:
    """One encrypted reporter identity; the million reports share a pool of them (content is not measured)."""
    phone = normalize_phone(texts.phone()) or "+6281200000000"
    email = f"warga{rng.randint(1, 10**7)}@contoh.id" if rng.random() < 0.4 else ""
    nik = f"3326{rng.randint(10**11, 10**12 - 1)}" if rng.random() < 0.2 else ""
    data = {"name": texts.name(), "phone": phone, "email": email, "nik": nik}
    return {
        "sealed": crypto.encrypt_json(data),
        "phone_index": crypto.blind_index("phone", phone),
        "email_index": crypto.blind_index("email", email) if email else "",
        "nik_index": crypto.blind_index("nik", nik) if nik else "",
    }


_DEFAULTS: dict[type[models.Model], dict[str, Any]] = {}


def _bare(model: type[models.Model], **values: Any) -> Any:
    """A new, unsaved instance without Model.__init__ (a tenth of its cost): every concrete field's
    default, then `values` by attribute name. Callable defaults (uuid4, now) must be passed in `values`."""
    defaults = _DEFAULTS.get(model)
    if defaults is None:
        defaults = _DEFAULTS[model] = {f.attname: f.get_default() for f in model._meta.concrete_fields}
    obj = model.__new__(model)
    obj._state = ModelState()
    obj.__dict__.update(defaults)
    obj.__dict__.update(values)
    return obj


def plan(total: int, seed: int) -> list[str]:
    """Scenario names for `total` reports, in the exact shares, shuffled."""
    names: list[str] = []
    for s in SCENARIOS:
        names += [s.name] * round(total * s.percent / 100)
    names = (names + ["working"] * total)[:total]
    random.Random(seed).shuffle(names)
    return names


class Population:
    """Builds one chunk of reports at a time.

    Ids are assigned here, from blocks that depend only on the chunk's index (each chunk may use up to
    `chunk` report, identity and assignment ids and MAX_EVENTS × `chunk` event ids; unused ids are gaps,
    as sequences have), so chunks can be built in any process, in any order."""

    def __init__(self, context: Context, now: datetime) -> None:
        self.c = context
        self.now = now
        self.rng = random.Random()
        self.next: dict[str, int] = {}
        self.codes: set[str] = set()
        self.counts: Counter[str] = Counter()
        self.builders: dict[str, Callable[[Report], list[ReportEvent]]] = {
            s.name: getattr(self, f"_{s.name}") for s in SCENARIOS
        }
        self.checks: dict[str, Callable[[Report], bool]] = {s.name: self._check(s) for s in SCENARIOS}

    def chunk(self, index: int, size: int, names: list[str], seed: str) -> list[Built]:
        self.rng.seed(seed)
        self.next = {key: 1 + index * size * per for key, per in ID_BLOCKS.items()}
        self.codes = set()
        self.counts = Counter()
        return [self.build(name) for name in names]

    def build(self, scenario: str) -> Built:
        for _ in range(20):
            built = self._attempt(scenario)
            if self.checks[scenario](built.report):
                self.counts[scenario] += 1
                self._take_ids(built)
                return built
        raise RuntimeError(f"could not build a report for scenario {scenario!r}")

    def ago(self, low: float, high: float) -> datetime:
        return self.now - timedelta(days=self.rng.uniform(low, high))

    def between(self, start: datetime, end: datetime) -> datetime:
        return start + (end - start) * self.rng.uniform(0.05, 0.95)

    # --- one report ---

    def _attempt(self, scenario: str) -> Built:
        rng, c = self.rng, self.c
        village_code, village = rng.choice(c.villages)
        category, title, body = c.texts.text(village)
        channel = rng.choice(c.channels)
        identity = None
        if rng.random() < 0.85:
            person = rng.choice(c.identities)
            by_sender = channel in {"sms", "whatsapp"}
            identity = _bare(
                ReporterIdentity,
                **person,
                sender_index=person["phone_index"] if by_sender else "",
                channel=channel if by_sender else "",
            )
        with_location = rng.random() < 0.3
        report = _bare(
            Report,
            global_id=uuid.uuid4(),
            code=self._code(),
            classification=rng.choice(["complaint"] * 8 + ["aspiration", "information_request"]),
            title=title,
            body=body,
            category_id=c.categories.get(category),
            region_id=village_code,
            latitude=Decimal(f"{rng.uniform(-10.5, 5.5):.6f}") if with_location else None,
            longitude=Decimal(f"{rng.uniform(95.0, 141.0):.6f}") if with_location else None,
            address=f"RT 0{rng.randint(1, 9)}/RW 0{rng.randint(1, 9)}, Desa {village}" if with_location else "",
            anonymous=rng.random() < 0.25,
            confidential=rng.random() < 0.05,
            channel=channel,
            access_token_hash=hashlib.sha256(os.urandom(18)).hexdigest(),
            status="",
            last_hash="",
        )
        report._bench_regency = ".".join(village_code.split(".")[:2])  # type: ignore[attr-defined]
        events = self.builders[scenario](report)
        report.incident_date = (report.submitted_at - DAY * rng.randint(0, 30)).date() if rng.random() < 0.7 else None
        report.updated_at = events[-1].created_at
        if identity is not None:
            identity.created_at = report.submitted_at
        assignment = None
        if report.institution_id is not None:
            verified = next(e for e in events if e.kind == "verified")
            assignment = _bare(
                Assignment,
                institution_id=report.institution_id,
                level=Assignment.Level.INSTITUTION,
                started_at=verified.created_at,
                event_seq=verified.seq,
            )
        return Built(report, identity, events, assignment)

    def _code(self) -> str:
        while True:
            code = trackcode.new_code()
            if code not in self.codes:
                self.codes.add(code)
                return code

    def _take_ids(self, built: Built) -> None:
        if built.identity is not None:
            built.identity.id = self._id("identity")
            built.report.reporter_id = built.identity.id
        built.report.id = self._id("report")
        for event in built.events:
            event.id = self._id("event")
            event.report_id = built.report.id
        if built.assignment is not None:
            built.assignment.id = self._id("assignment")
            built.assignment.report_id = built.report.id

    def _id(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value

    # --- lifecycle steps, as reports.lifecycle performs them ---

    def _submitted(self, r: Report, at: datetime) -> list[ReportEvent]:
        r.submitted_at = at
        deadlines.start(r, DueKind.VERIFY, at)
        return [
            new_event(
                r,
                kind="submitted",
                actor=Actor(),
                at=at,
                status_after=Status.SUBMITTED,
                audience=EventAudience.PUBLIC,
                data={"channel": r.channel},
            )
        ]

    def _info_requested(self, r: Report, at: datetime) -> ReportEvent:
        r.postponed_until = None
        deadlines.start(r, DueKind.REPORTER_INFO, at)
        return new_event(
            r,
            kind="info_requested",
            actor=self.c.verifier,
            at=at,
            status_after=Status.NEEDS_INFO,
            audience=EventAudience.REPORTER,
            public_text="Mohon lengkapi laporan dengan foto dan alamat lengkap lokasi.",
        )

    def _postponed(self, r: Report, at: datetime, until: date) -> ReportEvent:
        r.postponed_until = until
        deadlines.start_until(r, until)
        return new_event(
            r,
            kind="postponed",
            actor=self.c.verifier,
            at=at,
            status_after=Status.POSTPONED,
            audience=EventAudience.INTERNAL,
            internal_note="Menunggu hasil rapat koordinasi.",
            data={"until": until.isoformat()},
        )

    def _verified(self, r: Report, at: datetime) -> ReportEvent:
        pk, code, _ = self.c.regency_of[r._bench_regency]  # type: ignore[attr-defined]
        r.institution_id, r.unit_id = pk, None
        r.verified_at = r.verified_at or at
        r.dispositioned_at = at
        r.public_title, r.public_body = r.title, r.body
        deadlines.start(r, DueKind.FOLLOW_UP, at)
        deadlines.start_escalation(r, at)
        return new_event(
            r,
            kind="verified",
            actor=self.c.verifier,
            at=at,
            status_after=Status.DISPOSITIONED,
            audience=EventAudience.PUBLIC,
            public_text="Laporan diteruskan kepada instansi berwenang.",
            data={"institution": code, "transfer": r.transfer_count, "final": False},
        )

    def _accepted(self, r: Report, at: datetime) -> ReportEvent:
        _, code, _ = self.c.regency_of[r._bench_regency]  # type: ignore[attr-defined]
        return new_event(
            r,
            kind="accepted",
            actor=self.c.admin,
            at=at,
            status_after=Status.IN_PROGRESS,
            audience=EventAudience.PUBLIC,
            data={"institution": code},
        )

    def _responded(self, r: Report, at: datetime) -> ReportEvent:
        _, code, _ = self.c.regency_of[r._bench_regency]  # type: ignore[attr-defined]
        r.first_response_at = r.first_response_at or at
        r.responded_at = at
        deadlines.start(r, DueKind.REPORTER_WINDOW, at)
        return new_event(
            r,
            kind="responded",
            actor=self.c.admin,
            at=at,
            status_after=Status.RESPONDED,
            audience=EventAudience.PUBLIC,
            public_text="Terima kasih. Petugas telah meninjau lokasi dan perbaikan dijadwalkan pekan ini.",
            data={"institution": code},
        )

    def _overdue(self, r: Report, at: datetime) -> ReportEvent:
        # As the sweep flags a late follow-up: to the institution and to its parent.
        _, _, parent = self.c.regency_of[r._bench_regency]  # type: ignore[attr-defined]
        (event,) = flag_overdue(r, at, parent_id=parent).events
        return event

    def _handled(self, r: Report, dispositioned: datetime, until: datetime) -> list[ReportEvent]:
        """Submitted, verified at `dispositioned`, accepted before `until`."""
        events = self._submitted(r, dispositioned - DAY * self.rng.uniform(0.2, 3))
        events.append(self._verified(r, dispositioned))
        events.append(self._accepted(r, self.between(dispositioned, until)))
        return events

    # --- scenarios ---

    def _silence(self, r: Report) -> list[ReportEvent]:
        responded = self.ago(18, 30)
        dispositioned = responded - DAY * self.rng.uniform(1, 15)
        events = self._handled(r, dispositioned, responded)
        events.append(self._responded(r, responded))
        return events

    def _postpone_over(self, r: Report) -> list[ReportEvent]:
        submitted = self.ago(12, 40)
        events = self._submitted(r, submitted)
        postponed = submitted + DAY * self.rng.uniform(0.2, 2)
        # Ended today or in the last two days: the verifier's new 3-working-day clock (counted from this
        # date) is still running after the sweep, so each report counts under one rule only.
        until = timezone.localdate(self.now) - DAY * self.rng.randint(0, 2)
        events.append(self._postponed(r, postponed, until))
        return events

    def _verify_late(self, r: Report) -> list[ReportEvent]:
        return self._submitted(r, self.ago(8, 30))

    def _info_late(self, r: Report) -> list[ReportEvent]:
        submitted = self.ago(20, 45)
        events = self._submitted(r, submitted)
        events.append(self._info_requested(r, submitted + DAY * self.rng.uniform(0.1, 2)))
        return events

    def _followup_late(self, r: Report) -> list[ReportEvent]:
        dispositioned = self.ago(10, 55)
        if self.rng.random() < 0.4:
            events = self._submitted(r, dispositioned - DAY * self.rng.uniform(0.2, 3))
            events.append(self._verified(r, dispositioned))
            return events
        return self._handled(r, dispositioned, dispositioned + DAY * self.rng.uniform(0.1, 3))

    def _sixty_days(self, r: Report) -> list[ReportEvent]:
        dispositioned = self.ago(61, 120)
        events = self._handled(r, dispositioned, dispositioned + DAY * self.rng.uniform(0.1, 3))
        events.append(self._overdue(r, r.due_at + timedelta(hours=self.rng.uniform(0, 12))))
        return events

    def _flagged(self, r: Report) -> list[ReportEvent]:
        dispositioned = self.ago(12, 55)
        events = self._handled(r, dispositioned, dispositioned + DAY * self.rng.uniform(0.1, 2))
        events.append(self._overdue(r, r.due_at + timedelta(hours=self.rng.uniform(0, 12))))
        return events

    def _new(self, r: Report) -> list[ReportEvent]:
        return self._submitted(r, self.ago(0.01, 0.9))

    def _asked(self, r: Report) -> list[ReportEvent]:
        submitted = self.ago(1, 5)
        events = self._submitted(r, submitted)
        events.append(self._info_requested(r, self.ago(0.01, 0.9)))
        return events

    def _parked(self, r: Report) -> list[ReportEvent]:
        submitted = self.ago(1, 10)
        events = self._submitted(r, submitted)
        until = timezone.localdate(self.now) + DAY * self.rng.randint(3, 60)
        events.append(self._postponed(r, self.between(submitted, self.now), until))
        return events

    def _routed(self, r: Report) -> list[ReportEvent]:
        dispositioned = self.ago(0.01, 3)
        events = self._submitted(r, dispositioned - DAY * self.rng.uniform(0.2, 3))
        events.append(self._verified(r, dispositioned))
        return events

    def _working(self, r: Report) -> list[ReportEvent]:
        return self._handled(r, self.ago(0.05, 3), self.now)

    def _answered(self, r: Report) -> list[ReportEvent]:
        responded = self.ago(0.01, 5)
        events = self._handled(r, responded - DAY * self.rng.uniform(1, 10), responded)
        events.append(self._responded(r, responded))
        return events

    def _check(self, scenario: Scenario) -> Callable[[Report], bool]:
        now = self.now
        if scenario.rule == "escalated":
            return lambda r: r.escalate_at <= now and r.overdue_flagged
        if scenario.rule is not None:
            # Due now, but not also past the 60 days (each due report counts under one rule).
            return lambda r: r.due_at <= now and (r.escalate_at is None or r.escalate_at > now + NOT_DUE_MARGIN)
        if scenario.name == "flagged":
            return lambda r: r.overdue_flagged and r.due_at <= now and r.escalate_at > now + NOT_DUE_MARGIN
        later = now + NOT_DUE_MARGIN
        return lambda r: r.due_at > later and (r.escalate_at is None or r.escalate_at > later)


# --- in several processes ---


@dataclass
class Chunk:
    index: int
    rows: dict[str, list[list[Any]]]
    codes: list[str]
    counts: Counter[str]


def _columns(model: type[models.Model]) -> tuple[list[str], Callable[[models.Model], list[Any]]]:
    """The table's columns, and a function from an object to its COPY row."""
    fields = model._meta.concrete_fields
    values = attrgetter(*(f.attname for f in fields))
    as_json = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]

    def row(obj: models.Model) -> list[Any]:
        out = list(values(obj))
        for i in as_json:
            out[i] = json.dumps(out[i])
        return out

    return [f.column for f in fields], row


# (key, model) in foreign-key order: what a chunk's COPY writes, table by table.
TABLES = [("identity", ReporterIdentity), ("report", Report), ("event", ReportEvent), ("assignment", Assignment)]
COLUMNS = {key: _columns(model) for key, model in TABLES}


def _objects(built: list[Built]) -> dict[str, list[Any]]:
    return {
        "identity": [b.identity for b in built if b.identity is not None],
        "report": [b.report for b in built],
        "event": [e for b in built for e in b.events],
        "assignment": [b.assignment for b in built if b.assignment is not None],
    }


_worker: dict[str, Any] = {}


def init_worker(context: Context, now: datetime) -> None:
    """In a spawned process: Django set up, the working-day calendar loaded once and pinned (so building
    never touches the database), connections closed."""
    import django
    from django.db import connections

    django.setup()
    from aduan.core.calendar import get_calendar

    pinned = get_calendar()
    deadlines.get_calendar = lambda: pinned
    for conn in connections.all():
        conn.close()
        if hasattr(conn, "close_pool"):
            conn.close_pool()
    _worker["population"] = Population(context, now)


def build_chunk(job: tuple[int, int, list[str], str]) -> Chunk:
    index, size, names, seed = job
    population: Population = _worker["population"]
    built = population.chunk(index, size, names, seed)
    rows = {key: [COLUMNS[key][1](obj) for obj in objects] for key, objects in _objects(built).items()}
    return Chunk(index, rows, [b.report.code for b in built], population.counts)


def _in_order(pool: Executor, fn: Callable[[Any], Chunk], jobs: list[Any], window: int) -> Iterator[Chunk]:
    """Results in job order, with at most `window` chunks built ahead (bounded memory)."""
    pending: deque[Future[Chunk]] = deque()
    for job in jobs:
        pending.append(pool.submit(fn, job))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _rebuild(pool: Executor | None, job: tuple[int, int, list[str], str]) -> Chunk:
    if pool is None:
        return build_chunk(job)
    import worker

    return pool.submit(worker.build, job).result()


@dataclass
class Generated:
    reports: int = 0
    seconds: float = 0.0
    vacuum_seconds: float = 0.0
    wait_seconds: float = 0.0  # the COPY process waiting for built chunks
    copy_seconds: float = 0.0  # ... and writing them
    written: Counter[str] = field(default_factory=Counter)
    scenarios: Counter[str] = field(default_factory=Counter)
    rebuilt_chunks: int = 0
    generated_at: datetime | None = None

    def figures(self) -> dict[str, Any]:
        return {
            "generated_at": self.generated_at.isoformat() if self.generated_at else None,
            "generate_s": round(self.seconds, 1),
            "generated_per_second": round(self.reports / self.seconds) if self.seconds else None,
            "generate_wait_s": round(self.wait_seconds, 1),
            "generate_copy_s": round(self.copy_seconds, 1),
            "vacuum_analyze_s": round(self.vacuum_seconds, 1),
            "rows": dict(self.written),
            "scenarios": dict(self.scenarios),
            "rebuilt_chunks": self.rebuilt_chunks,
        }


def generate(
    url: str,
    total: int,
    seed: int,
    *,
    chunk: int = 20_000,
    workers: int = 2,
    fk_checks: bool = False,
    progress: Callable[[str], None] = print,
) -> Generated:
    """Generate `total` open reports into the (migrated, reference-loaded, otherwise empty) database."""
    import multiprocessing
    import time

    from django.utils import timezone

    context = load_context(seed)
    now = timezone.now()
    names = plan(total, seed)
    jobs = [
        (i, chunk, names[offset : offset + chunk], f"{seed}:{i}:0") for i, offset in enumerate(range(0, total, chunk))
    ]
    result = Generated(reports=total, generated_at=now)
    codes: set[str] = set()
    copier = Copier(url, fk_checks=fk_checks)
    copier.require_empty()
    started = time.perf_counter()
    if workers > 1:
        import worker

        pool = ProcessPoolExecutor(
            workers, multiprocessing.get_context("spawn"), worker.init, (pickle.dumps(context), now)
        )
        chunks = _in_order(pool, worker.build, jobs, window=2 * workers)
    else:
        pool = None
        _worker["population"] = Population(context, now)
        chunks = map(build_chunk, jobs)
    try:
        while True:
            t0 = time.perf_counter()
            first_try = next(chunks, None)
            result.wait_seconds += time.perf_counter() - t0
            if first_try is None:
                break
            built, attempt = first_try, 0
            # A tracking code drawn twice in different chunks (about one pair in a million): build the
            # chunk again with other draws; codes are not part of the hash chain, but must be unique.
            while codes.intersection(built.codes):
                attempt += 1
                result.rebuilt_chunks += 1
                index, size, chunk_names, _ = jobs[built.index]
                built = _rebuild(pool, (index, size, chunk_names, f"{seed}:{index}:{attempt}"))
            codes.update(built.codes)
            t0 = time.perf_counter()
            copier.write(built.rows)
            result.copy_seconds += time.perf_counter() - t0
            result.scenarios.update(built.counts)
            done = min(total, (built.index + 1) * chunk)
            if done % 100_000 < chunk or done == total:
                elapsed = time.perf_counter() - started
                progress(f"generated {done:,} reports ({done / elapsed:,.0f}/s)")
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    copier.finish()
    result.seconds = time.perf_counter() - started
    result.written = copier.written
    started = time.perf_counter()
    copier.vacuum_analyze()
    result.vacuum_seconds = time.perf_counter() - started
    w = result.written
    progress(
        f"{w['report']:,} reports, {w['event']:,} events, {w['identity']:,} identities, "
        f"{w['assignment']:,} assignments in {result.seconds:.0f} s; VACUUM ANALYZE {result.vacuum_seconds:.0f} s"
    )
    return result


# --- COPY ---


@dataclass
class Copier:
    """COPY chunks into PostgreSQL over its own psycopg connection, one transaction per chunk."""

    url: str
    fk_checks: bool = False
    written: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        import psycopg

        self.conn = psycopg.connect(self.url)
        if not self.fk_checks:
            # The generator guarantees referential integrity; skipping the per-row RI triggers is what a
            # bulk import does. (Needs a superuser; `--fk-checks` keeps them.)
            self.conn.execute("SET session_replication_role = replica")
        self.conn.commit()
        self.tables = {key: (model._meta.db_table, COLUMNS[key][0]) for key, model in TABLES}

    def require_empty(self) -> None:
        """Ids are assigned from 1 in blocks per chunk: the tables must start empty."""
        for table, _ in self.tables.values():
            if self.conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]:
                raise RuntimeError(f"{table} is not empty; generate into a fresh database")
        self.conn.commit()

    def write(self, rows: dict[str, list[list[Any]]]) -> None:
        with self.conn.transaction(), self.conn.cursor() as cursor:
            for key, (table, columns) in self.tables.items():
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows[key]:
                        copy.write_row(row)
                self.written[key] += len(rows[key])

    def finish(self) -> None:
        """Move the id sequences past the copied rows."""
        with self.conn.transaction():
            for table, _ in self.tables.values():
                self.conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )
        self.conn.close()

    def vacuum_analyze(self) -> None:
        """What autovacuum would have done by the time a real table had grown to this size."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            for table, _ in self.tables.values():
                conn.execute(f"VACUUM (ANALYZE) {table}")
