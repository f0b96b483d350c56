"""A partial index on reports' events for the few kinds the oversight console lists and ranks.

It lives on `reports_reportevent` but belongs to this app (the reports app's models are not ours to change):
breaches ("overdue"), escalations ("escalated") and transfers ("not_authority") are a few percent of all
events, and without it each console list would scan every event (2.45M at 1M reports). Plain SQL that both
SQLite and PostgreSQL accept; IF NOT EXISTS so it is harmless should the reports app adopt the same index.
"""

from django.db import migrations

NAME = "oversight_event_kind_time"
KINDS = "('overdue', 'escalated', 'not_authority')"

CREATE = f"CREATE INDEX IF NOT EXISTS {NAME} ON reports_reportevent (kind, created_at) WHERE kind IN {KINDS}"
DROP = f"DROP INDEX IF EXISTS {NAME}"


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0001_initial"),
        ("reports", "0005_queue_indexes"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP, elidable=False)]
