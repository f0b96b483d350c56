"""Filter values in the index (`SearchDocument.facet_terms`): on PostgreSQL the generated vector is rebuilt
to hold them with the time terms, so the GIN index answers a search with filters as well."""

from importlib import import_module

from django.db import migrations, models

# SQLite rebuilds the table to add a column, which drops its triggers: they are made again, and the FTS5
# table re-read from the documents.
_initial = import_module("aduan.search.migrations.0001_initial")
SQLITE = [sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS") for sql in _initial.SQLITE[1:]] + [
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')"
]

POSTGRES = [
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
    """
    ALTER TABLE search_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_terms), 'A') ||
        setweight(to_tsvector('simple'::regconfig, body_terms), 'B') ||
        setweight(array_to_tsvector(array_remove(string_to_array(time_terms || ' ' || facet_terms, ' '), '')), 'D')
    ) STORED
    """,
    "CREATE INDEX search_document_vector ON search_searchdocument USING gin (vector)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
    """
    ALTER TABLE search_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_terms), 'A') ||
        setweight(to_tsvector('simple'::regconfig, body_terms), 'B') ||
        setweight(array_to_tsvector(string_to_array(time_terms, ' ')), 'D')
    ) STORED
    """,
    "CREATE INDEX search_document_vector ON search_searchdocument USING gin (vector)",
]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="facet_terms",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE}),
            elidable=False,
        ),
    ]
