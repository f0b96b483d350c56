"""`load-reference` time: the first load into an empty (migrated) database, a second unchanged run (the
checksum makes it skip), and a forced re-run that upserts everything again without skipping.

    python bench/reference.py --db sqlite|postgres
"""

from __future__ import annotations

from benchlib import arguments, drop_database, emit, migrate, recreate_database, say, server_facts, setup_django, timed


def main() -> None:
    args = arguments(__doc__.splitlines()[0]).parse_args()
    recreate_database(args.db)
    setup_django(args.db)
    from aduan.institutions import reference
    from aduan.institutions.models import Institution, Region
    from aduan.reports.models import Category

    migrate_s = migrate()
    say(f"[reference/{args.db}] migrated in {migrate_s:.1f} s")

    with timed() as first:
        loaded = reference.load()
    say(
        f"[reference/{args.db}] first load: {first.seconds:.2f} s "
        f"({loaded.regions} regions, {loaded.institutions} institutions, {loaded.categories} categories)"
    )
    with timed() as second:
        again = reference.load()
    say(f"[reference/{args.db}] second, unchanged load: {second.seconds * 1000:.1f} ms (skipped={again.skipped})")
    with timed() as forced:
        reference.load(force=True)
    say(f"[reference/{args.db}] forced reload (upsert everything again): {forced.seconds:.2f} s")

    figures = {
        "migrate_s": round(migrate_s, 2),
        "first_load_s": round(first.seconds, 3),
        "second_load_s": round(second.seconds, 4),
        "second_load_skipped": again.skipped,
        "forced_reload_s": round(forced.seconds, 3),
        "regions": Region.objects.count(),
        "institutions": Institution.objects.count(),
        "categories": Category.objects.count(),
        **server_facts(args.db),
    }
    if not args.keep:
        drop_database(args.db)
    emit("reference", args.db, figures)


if __name__ == "__main__":
    main()
