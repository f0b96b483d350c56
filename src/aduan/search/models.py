"""The search index: one row per public report, holding the stemmed terms of its public text.

Only the public text (`visibility.public_text`: the approved, redacted title and body) is ever stored here,
and only while the report is public, so the index cannot leak what the public may not read.

On PostgreSQL the table also has a generated `vector` column (tsvector, title weighted A, body B, built
with the `simple` configuration over the already-stemmed terms) with a GIN index; on SQLite an FTS5 table
`search_fts` mirrors the terms through triggers. Both are created by migration 0001 for their database only,
so the model does not name them.
"""

from __future__ import annotations

from django.db import models

from aduan.reports.models import Report


class SearchDocument(models.Model):
    report = models.OneToOneField(Report, primary_key=True, on_delete=models.CASCADE, related_name="search_document")
    title_terms = models.TextField()
    body_terms = models.TextField()
    # The report's submission time, copied, and its day, month and year as terms no query word can be
    # ("~d20251231 ~m202512 ~y2025"): on PostgreSQL they are in the vector too, so the GIN index itself
    # answers "matches submitted in the last days/months/years" (aduan.search.query).
    submitted_at = models.DateTimeField()
    time_terms = models.CharField(max_length=40, blank=True)
    # What the public list filters by, as terms no query word can be ("~sresponded ~p33 ~r3326 ~c12 ~h5"):
    # in the vector on PostgreSQL, so a search with filters is answered by the GIN index too (index.facets).
    facet_terms = models.TextField(blank=True, default="")
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "dokumen pencarian"
        verbose_name_plural = "dokumen pencarian"

    def __str__(self) -> str:
        return f"{self.report_id}: {self.title_terms}"
