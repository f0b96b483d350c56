"""Open data: the public reports and per-institution figures as CSV, JSON (one document or JSON Lines) and
XLSX, streamed in flat memory, under CC BY 4.0. Only `reports.visibility.public_reports()` is read."""
