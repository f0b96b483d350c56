"""`/statistik/`: drawn by `aduan.stats` from its incrementally kept aggregates."""

from aduan.stats.views import statistics

__all__ = ["statistics"]
