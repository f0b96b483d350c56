"""Statistics kept up to date incrementally: per-report facts and daily/monthly/yearly aggregates."""
