"""The statistics tables: one facts row per report, and additive aggregates of those facts.

`ReportFacts` holds what the statistics need from a report (days, working days, outcome, where it is),
derived from the report's head alone, so rebuilding from the reports gives the same rows as following
every change. `Figure` and `Histogram` hold sums of the facts' contributions (see `facts.contributions`)
per day, month and year, for the whole country and per institution, province, regency and category: a
period is read as whole years + whole months + single days, a bounded number of rows whatever its length.
No row carries text or identity.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class ReportFacts(models.Model):
    report = models.OneToOneField("reports.Report", on_delete=models.CASCADE, primary_key=True, related_name="+")
    classification = models.CharField(max_length=24)
    confidential = models.BooleanField(default=False)
    category = models.ForeignKey("reports.Category", null=True, on_delete=models.SET_NULL, related_name="+")
    category_parent = models.ForeignKey("reports.Category", null=True, on_delete=models.SET_NULL, related_name="+")
    region_code = models.CharField(max_length=13, blank=True)
    province = models.CharField(max_length=2, blank=True)
    regency = models.CharField(max_length=5, blank=True)
    district = models.CharField(max_length=8, blank=True)
    # The institution that holds the report (the owner of the one it was routed to) and the unit, if any.
    institution = models.ForeignKey("institutions.Institution", null=True, on_delete=models.SET_NULL, related_name="+")
    unit = models.ForeignKey("institutions.Institution", null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=20)
    submitted_day = models.DateField()
    verified_day = models.DateField(null=True)
    working_days_to_verify = models.PositiveSmallIntegerField(null=True)
    dispositioned_day = models.DateField(null=True)
    first_response_day = models.DateField(null=True)
    working_days_to_response = models.PositiveSmallIntegerField(null=True)
    response_due_day = models.DateField(null=True)
    within_deadline = models.BooleanField(null=True)
    closed_day = models.DateField(null=True)
    closed_how = models.CharField(max_length=20, blank=True)
    archive_reason = models.CharField(max_length=20, blank=True)
    transfers = models.PositiveSmallIntegerField(default=0)
    # The last day any contribution of this report lands on: a period [a, b] concerns the facts with
    # submitted_day <= b and last_day >= a.
    last_day = models.DateField()

    class Meta:
        indexes = [
            models.Index(fields=["institution", "submitted_day"], name="stats_facts_inst"),
            models.Index(fields=["unit", "submitted_day"], name="stats_facts_unit", condition=Q(unit__isnull=False)),
            models.Index(fields=["province", "submitted_day"], name="stats_facts_prov"),
            models.Index(fields=["regency", "submitted_day"], name="stats_facts_reg"),
            models.Index(fields=["district", "submitted_day"], name="stats_facts_district"),
            models.Index(fields=["region_code", "submitted_day"], name="stats_facts_region"),
            models.Index(fields=["category", "submitted_day"], name="stats_facts_cat"),
            models.Index(fields=["category_parent", "submitted_day"], name="stats_facts_catp"),
            models.Index(fields=["submitted_day"], name="stats_facts_day"),
        ]

    def __str__(self) -> str:
        return f"facts of {self.report_id}"


class Dim(models.TextChoices):
    ALL = "a", "nasional"
    INSTITUTION = "i", "instansi"
    PROVINCE = "p", "provinsi"
    REGENCY = "r", "kabupaten/kota"
    CATEGORY = "c", "kategori"
    # Crossings, `key` × `sub`: a province's top-level categories, an institution's top-level categories,
    # a category's provinces.
    PROVINCE_CATEGORY = "pc", "provinsi × kategori"
    INSTITUTION_CATEGORY = "ic", "instansi × kategori"
    CATEGORY_PROVINCE = "cp", "kategori × provinsi"


class Grain(models.TextChoices):
    DAY = "d", "hari"
    MONTH = "m", "bulan"
    YEAR = "y", "tahun"


COUNTERS = (
    "received",
    "received_complaint",
    "received_aspiration",
    "received_information",
    "verified",
    "archived_spam",
    "archived_duplicate",
    "archived_too_general",
    "archived_not_government",
    "archived_incomplete",
    "archived_other",
    "responded",
    "due",
    "on_time",
    "confirmed",
    "silence",
    "transferred",
    "transfers",
)


class Figure(models.Model):
    """Sums of counters for one (grain, day, dimension, key); `day` is the first day of a month or year
    for those grains. The national rows are spread over a few `shard`s so concurrent writers do not
    queue on one row."""

    grain = models.CharField(max_length=1, choices=Grain.choices)
    day = models.DateField()
    dim = models.CharField(max_length=2, choices=Dim.choices)
    key = models.CharField(max_length=16, blank=True)
    sub = models.CharField(max_length=16, blank=True, default="")
    shard = models.PositiveSmallIntegerField(default=0)
    received = models.IntegerField(default=0)
    received_complaint = models.IntegerField(default=0)
    received_aspiration = models.IntegerField(default=0)
    received_information = models.IntegerField(default=0)
    verified = models.IntegerField(default=0)
    archived_spam = models.IntegerField(default=0)
    archived_duplicate = models.IntegerField(default=0)
    archived_too_general = models.IntegerField(default=0)
    archived_not_government = models.IntegerField(default=0)
    archived_incomplete = models.IntegerField(default=0)
    archived_other = models.IntegerField(default=0)
    responded = models.IntegerField(default=0)
    due = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    confirmed = models.IntegerField(default=0)
    silence = models.IntegerField(default=0)
    transferred = models.IntegerField(default=0)
    transfers = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dim", "grain", "day", "key", "sub", "shard"], name="stats_figure_unique")
        ]
        indexes = [models.Index(fields=["dim", "key", "grain", "day"], name="stats_figure_key")]

    def __str__(self) -> str:
        return f"{self.dim}:{self.key} {self.grain} {self.day}"


class Histogram(models.Model):
    """How many reports took `days` working days (to verification: metric "v"; to first response: "r"),
    counted on the day it happened; values above `facts.HISTOGRAM_CAP` are stored as the cap + 1."""

    grain = models.CharField(max_length=1, choices=Grain.choices)
    day = models.DateField()
    dim = models.CharField(max_length=2, choices=Dim.choices)
    key = models.CharField(max_length=16, blank=True)
    shard = models.PositiveSmallIntegerField(default=0)
    metric = models.CharField(max_length=1)
    days = models.PositiveSmallIntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dim", "grain", "day", "key", "shard", "metric", "days"], name="stats_histogram_unique"
            )
        ]
        indexes = [models.Index(fields=["dim", "key", "grain", "day"], name="stats_histogram_key")]

    def __str__(self) -> str:
        return f"{self.dim}:{self.key} {self.grain} {self.day} {self.metric}{self.days}"
