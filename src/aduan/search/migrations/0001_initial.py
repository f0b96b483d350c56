import django.db.models.deletion
from django.db import migrations, models

# PostgreSQL: a generated tsvector over the stemmed terms (title A, body B) and the time terms (D, taken
# as they are: "~d20251231" is no word a query can hold) and its GIN index. The terms are
# stemmed and stopword-free already (aduan.search.text), so the `simple` configuration only splits them:
# the same terms as SQLite's FTS5 sees, and no second stemmer on top of Sastrawi's.
POSTGRES = [
    """
    ALTER TABLE search_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_terms), 'A') ||
        setweight(to_tsvector('simple'::regconfig, body_terms), 'B') ||
        setweight(array_to_tsvector(string_to_array(time_terms, ' ')), 'D')
    ) STORED
    """,
    "CREATE INDEX search_document_vector ON search_searchdocument USING gin (vector)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
]

# SQLite: an external-content FTS5 table over the same terms, kept in step by triggers.
SQLITE = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title_terms, body_terms, content='search_searchdocument', content_rowid='report_id',
        tokenize='unicode61 remove_diacritics 0'
    )
    """,
    """
    CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title_terms, body_terms) VALUES (new.report_id, new.title_terms, new.body_terms);
    END
    """,
    """
    CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.report_id, old.title_terms, old.body_terms);
    END
    """,
    """
    CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.report_id, old.title_terms, old.body_terms);
        INSERT INTO search_fts(rowid, title_terms, body_terms) VALUES (new.report_id, new.title_terms, new.body_terms);
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [("reports", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "report",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="reports.report",
                    ),
                ),
                ("title_terms", models.TextField()),
                ("body_terms", models.TextField()),
                ("submitted_at", models.DateTimeField()),
                ("time_terms", models.CharField(blank=True, max_length=40)),
                ("indexed_at", models.DateTimeField(auto_now=True)),
            ],
            options={"verbose_name": "dokumen pencarian", "verbose_name_plural": "dokumen pencarian"},
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
            elidable=False,
        ),
    ]
