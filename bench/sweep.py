"""`aduan sweep` over a million open reports on PostgreSQL.

    python bench/sweep.py --db postgres [--scale 1000000] [--chunk 20000] [--workers 2] [--reuse]
                          [--explain] [--full-audit]

Generates the reports with `population.py` (COPY, hash chains intact, ~16 % due — see its SCENARIOS),
then times one full `aduan.reports.sweep.sweep()`, and a second run that must find nothing. Prints the
count per rule against what the generator planted, and checks a sample of swept (and untouched) reports
with `aduan.reports.audit.verify(code)`.

With --reuse the generated database is kept as a template (`aduan_bench_tpl_<scale>_<seed>_<schema>`) and
cloned on the next run instead of generated again; the sweep then runs as of the generation time, so the
same reports are due. Drop the templates with `python bench/sweep.py --db postgres --drop-templates`.
"""

from __future__ import annotations

import resource
import time
from collections import Counter
from typing import Any

import templates
from benchlib import (
    arguments,
    database_url,
    drop_database,
    emit,
    migrate,
    recreate_database,
    say,
    server_facts,
    setup_django,
    timed,
)

TARGET_SECONDS = 10.0
# The event each rule appends, to find swept reports for the audit sample.
RULE_EVENTS = ["closed_by_silence", "postpone_ended", "overdue", "escalated"]


def main() -> None:
    parser = arguments(__doc__.splitlines()[0], databases=("postgres",))
    parser.add_argument("--scale", type=int, default=1_000_000, help="open reports to generate")
    parser.add_argument("--chunk", type=int, default=20_000, help="reports generated and copied per transaction")
    parser.add_argument("--workers", type=int, default=2, help="processes building reports (COPY stays in one)")
    parser.add_argument("--seed", type=int, default=20260301)
    parser.add_argument("--sample", type=int, default=100, help="reports per rule to audit after the sweep")
    parser.add_argument("--fk-checks", action="store_true", help="keep foreign-key triggers on during COPY")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of each rule's claim query")
    parser.add_argument("--full-audit", action="store_true", help="also time `audit verify` over every report")
    parser.add_argument("--reuse", action="store_true", help="keep/clone the generated data as a template")
    parser.add_argument("--drop-templates", action="store_true", help="drop every saved template and exit")
    args = parser.parse_args()
    if args.drop_templates:
        say(f"dropped: {', '.join(templates.drop_all()) or 'nothing'}")
        return

    template = templates.name(args.scale, args.seed)
    saved = templates.load(template) if args.reuse else None
    if saved is not None:
        with timed() as clone:
            templates.clone(template)
        say(
            f"[sweep/{args.db}] cloned the data generated at {saved['generated_at']} from {template} "
            f"in {clone.seconds:.0f} s"
        )
    else:
        recreate_database(args.db)
    setup_django(args.db)
    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    if saved is None:
        figures, expected = _generate(args)
        if args.reuse:
            _release_connections()
            templates.save(template, figures, expected)
        offset = None
    else:
        figures, expected = saved["figures"], Counter(saved["expected"])
        figures["reused_template"] = template
        # Sweep as of the generation time (plus a minute), so exactly the planted reports are due.
        offset = timezone.now() - parse_datetime(saved["generated_at"]) - timezone.timedelta(minutes=1)
    figures["target_seconds"] = TARGET_SECONDS
    figures["expected"] = dict(expected)
    _sweep_twice(args, figures, expected, offset)
    if args.full_audit:
        from aduan.reports.audit import verify

        with timed() as clock:
            problems = sum(1 for _ in verify())
        figures["full_audit"] = {"seconds": round(clock.seconds, 1), "problems": problems}
        say(f"[sweep/{args.db}] full audit verify: {clock.seconds:.0f} s, {problems} problems")

    figures["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    figures.update(server_facts(args.db))
    if not args.keep:
        drop_database(args.db)
    emit("sweep", args.db, figures)


def _generate(args: Any) -> tuple[dict[str, Any], Counter[str]]:
    from django.db import connection
    from population import SCENARIOS, generate

    from aduan.institutions import reference

    migrate()
    reference.load()
    result = generate(
        database_url(args.db),
        args.scale,
        args.seed,
        chunk=args.chunk,
        workers=args.workers,
        fk_checks=args.fk_checks,
        progress=lambda text: say(f"[sweep/{args.db}] {text}"),
    )
    figures: dict[str, Any] = {"scale": args.scale, **result.figures(), "table_mb": _table_sizes(connection)}
    expected: Counter[str] = Counter()
    for s in SCENARIOS:
        if s.rule:
            expected[s.rule] += result.scenarios[s.name]
    return figures, expected


def _sweep_twice(args: Any, figures: dict[str, Any], expected: Counter[str], offset: Any) -> None:
    from django.utils import timezone

    from aduan.notify.models import Notification
    from aduan.reports import sweep as sweeping
    from aduan.reports.models import Report, ReportEvent

    if args.explain:
        _explain(sweeping, Report, timezone.now() - offset if offset else timezone.now())
    runs = []
    for label in ("first", "second"):
        at = timezone.now() - offset if offset else timezone.now()
        pass_seconds = _time_passes(sweeping)
        notifications_before = Notification.objects.count()
        with timed() as clock:
            result = sweeping.sweep(at=at)
        by_rule = dict(zip(result.counts, pass_seconds, strict=False))
        runs.append(
            {
                "seconds": round(clock.seconds, 2),
                "counts": dict(result.counts),
                "total": result.total,
                "per_rule_s": {name: round(s, 2) for name, s in by_rule.items()},
                "notifications": Notification.objects.count() - notifications_before,
                "at": at.isoformat(),
            }
        )
        say(
            f"[sweep/{args.db}] {label} sweep: {clock.seconds:.2f} s (target < {TARGET_SECONDS:.0f} s), "
            f"{result.total:,} reports changed, {runs[-1]['notifications']:,} notifications owed"
        )
        for name, count in result.counts.items():
            planted = f" (planted {expected[name]:,})" if label == "first" else ""
            say(f"    {name:<18} {count:>9,}{planted:<20} {by_rule.get(name, float('nan')):7.2f} s")
    figures["first"], figures["second"] = runs
    figures["counts_match"] = all(runs[0]["counts"].get(k, 0) == v for k, v in expected.items())
    if not figures["counts_match"]:
        say(f"[sweep/{args.db}] WARNING: the first sweep's counts differ from what was planted")

    # The bulk path and the sweep kept every chain intact.
    sample = _audit_sample(args.sample, runs[0]["at"], Report, ReportEvent)
    figures["audit_sample"] = sample
    say(
        f"[sweep/{args.db}] audit verify on {sample['reports']} reports (swept and untouched): "
        f"{sample['problems']} problems, {sample['ms_per_report']:.1f} ms each"
    )


def _release_connections() -> None:
    """Close Django's connections, pool included, so the database can serve as a template."""
    from django.db import connections

    for conn in connections.all():
        conn.close()
        if hasattr(conn, "close_pool"):
            conn.close_pool()


def _time_passes(sweeping: Any) -> list[float]:
    """Record the time of each rule's pass, in rule order, by wrapping the sweep's per-rule pass."""
    seconds: list[float] = []
    inner = getattr(sweeping, "_bench_original_pass", None) or getattr(sweeping, "_pass", None)
    if inner is None:
        return seconds
    sweeping._bench_original_pass = inner

    def timed_pass(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            seconds.append(time.perf_counter() - t0)

    sweeping._pass = timed_pass
    return seconds


def _table_sizes(connection: Any) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, pg_total_relation_size(oid) / 1048576 FROM pg_class "
            "WHERE relname IN ('reports_report', 'reports_reportevent', 'reports_reporteridentity', "
            "'reports_assignment') ORDER BY relname"
        )
        return dict(cursor.fetchall())


def _explain(sweeping: Any, report_model: Any, at: Any) -> None:
    """The plan of each rule's claim query as the sweep issues it (rolled back: nothing stays locked)."""
    from django.db import transaction

    for name, condition, _ in sweeping.rules(at):
        query = (
            report_model.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("reporter", "institution")
            .filter(condition)
            .order_by("pk")[: sweeping.BATCH]
        )
        with transaction.atomic():
            plan = query.explain(analyze=True, buffers=True)
            transaction.set_rollback(True)
        say(f"--- claim query of {name}\n{plan}")


def _audit_sample(per_rule: int, since: str, report_model: Any, event_model: Any) -> dict[str, Any]:
    from aduan.reports.audit import verify

    codes: list[str] = []
    for kind in RULE_EVENTS:
        codes += list(
            event_model.objects.filter(kind=kind, created_at__gte=since)
            .order_by("?")
            .values_list("report__code", flat=True)[:per_rule]
        )
    codes += list(report_model.objects.order_by("?").values_list("code", flat=True)[:per_rule])
    codes = list(dict.fromkeys(codes))
    problems: list[str] = []
    with timed() as clock:
        for code in codes:
            problems += [f"{code}: {p}" for p in verify(code)]
    for line in problems[:10]:
        say(f"    PROBLEM {line}")
    return {
        "reports": len(codes),
        "problems": len(problems),
        "ms_per_report": round(clock.seconds * 1000 / max(1, len(codes)), 2),
    }


if __name__ == "__main__":
    main()
