"""Submit throughput: N realistic reports through `reports.lifecycle.submit`, one after another, in one process.

    python bench/submit.py --db sqlite|postgres [--count 5000] [--warmup 200] [--profile]

Each submit is timed on its own (inputs are generated beforehand, outside the clock); the figures are
reports per second over the whole timed run and the median/p95/p99 of a single submit. Every submit is
its own transaction, committed, exactly as a web request, an API call or an SMS would make it.
"""

from __future__ import annotations

import time

from benchlib import (
    arguments,
    drop_database,
    emit,
    migrate,
    recreate_database,
    say,
    server_facts,
    setup_django,
    summary_ms,
    timed,
)

TARGET_PER_SECOND = 1000


def main() -> None:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20260301)
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile of the timed run")
    args = parser.parse_args()

    recreate_database(args.db)
    setup_django(args.db)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from texts import Generator

    from aduan.institutions import reference
    from aduan.institutions.models import Institution, Region
    from aduan.reports import lifecycle
    from aduan.reports.actors import Actor
    from aduan.reports.models import Category, Report, ReportEvent

    migrate()
    with timed() as ref:
        reference.load()
    say(f"[submit/{args.db}] migrated, reference data loaded in {ref.seconds:.1f} s")

    villages = list(Region.objects.filter(level=Region.Level.VILLAGE).values_list("code", "name"))
    leaves = list(Category.objects.filter(active=True, parent__isnull=False).values_list("code", flat=True))
    regencies = dict(Institution.objects.filter(region__level=Region.Level.REGENCY).values_list("region_id", "code"))
    generator = Generator(args.seed, villages, leaves, regencies)
    today = timezone.localdate()
    total = args.warmup + 20 + args.count
    inputs = [generator.report(today) for _ in range(total)]

    def actor_for(item) -> Actor:
        if item.sender:
            return Actor.channel(item.channel)
        return Actor()

    def one(item) -> None:
        lifecycle.submit(actor_for(item), **item.kwargs)

    warm, sample, timed_inputs = inputs[: args.warmup], inputs[args.warmup : args.warmup + 20], inputs[-args.count :]
    for item in warm:
        one(item)
    with CaptureQueriesContext(connection) as queries:
        for item in sample:
            one(item)
    per_submit = len(queries.captured_queries) / len(sample)
    say(f"[submit/{args.db}] {per_submit:.1f} queries per submit (sample of {len(sample)}); one submit:")
    for query in queries.captured_queries[: round(per_submit)]:
        say(f"    {query['sql'][:110]}")

    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    durations: list[float] = []
    cpu_started = time.process_time()
    started = time.perf_counter()
    for item in timed_inputs:
        t0 = time.perf_counter()
        one(item)
        durations.append(time.perf_counter() - t0)
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)

    rate = args.count / wall
    stats = summary_ms(durations)
    say(
        f"[submit/{args.db}] {args.count} submits in {wall:.2f} s = {rate:,.0f} reports/s "
        f"(target ≥ {TARGET_PER_SECOND}/s); per submit median {stats['median_ms']:.2f} ms, "
        f"p95 {stats['p95_ms']:.2f} ms, p99 {stats['p99_ms']:.2f} ms; "
        f"this process's CPU {cpu * 1000 / args.count:.2f} ms per submit"
    )
    figures = {
        "count": args.count,
        "seconds": round(wall, 3),
        "per_second": round(rate, 1),
        "target_per_second": TARGET_PER_SECOND,
        **stats,
        # This process's own CPU time: what is left when the machine's other load is taken out.
        "process_cpu_s": round(cpu, 3),
        "process_cpu_ms_per_submit": round(cpu * 1000 / args.count, 3),
        "queries_per_submit": round(per_submit, 1),
        "reports_in_db": Report.objects.count(),
        "events_in_db": ReportEvent.objects.count(),
        "anonymous_share": round(sum(1 for i in timed_inputs if i.kwargs["anonymous"]) / args.count, 3),
        **server_facts(args.db),
    }
    if not args.keep:
        drop_database(args.db)
    emit("submit", args.db, figures)


if __name__ == "__main__":
    main()
