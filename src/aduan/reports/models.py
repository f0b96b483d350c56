"""Reports and everything that hangs off one: events, assignments, attachments, reporter identity."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from aduan.core import crypto
from aduan.institutions.models import Institution, Region


class Category(models.Model):
    code = models.CharField(_("kode"), max_length=64, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    name_en = models.CharField(_("nama (Inggris)"), max_length=120, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    institution_kinds = models.CharField(_("jenis instansi yang biasa menangani"), max_length=120, blank=True)
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Belum terverifikasi")
    NEEDS_INFO = "needs_info", _("Menunggu kelengkapan")
    POSTPONED = "postponed", _("Ditunda")
    DISPOSITIONED = "dispositioned", _("Belum ditindaklanjuti")
    IN_PROGRESS = "in_progress", _("Diproses")
    RESPONDED = "responded", _("Ditanggapi")
    COMPLETED = "completed", _("Selesai")
    ARCHIVED = "archived", _("Diarsipkan")


class Classification(models.TextChoices):
    COMPLAINT = "complaint", _("Pengaduan")
    ASPIRATION = "aspiration", _("Aspirasi")
    INFORMATION_REQUEST = "information_request", _("Permintaan informasi")


# LAPOR!'s numbering, for data exchange (DESIGN §3).
LAPOR_CLASSIFICATION_CODES = {
    Classification.COMPLAINT: 1,
    Classification.INFORMATION_REQUEST: 2,
    Classification.ASPIRATION: 3,
}


class ArchiveReason(models.TextChoices):
    SPAM = "spam", _("Spam")
    DUPLICATE = "duplicate", _("Duplikat (digabung ke laporan lain)")
    TOO_GENERAL = "too_general", _("Terlalu umum")
    NOT_GOVERNMENT = "not_government", _("Bukan tentang kinerja pemerintah")
    INCOMPLETE = "incomplete", _("Tidak lengkap setelah diingatkan")
    OTHER = "other", _("Alasan lain")


class ClosedHow(models.TextChoices):
    CONFIRMED = "confirmed", _("Dikonfirmasi pelapor")
    SILENCE = "silence", _("Ditutup karena tidak ada tanggapan pelapor")


class DueKind(models.TextChoices):
    VERIFY = "verify", _("verifikasi")
    REPORTER_INFO = "reporter_info", _("kelengkapan dari pelapor")
    POSTPONED = "postponed", _("penundaan")
    FOLLOW_UP = "follow_up", _("tindak lanjut")
    REPORTER_WINDOW = "reporter_window", _("tanggapan pelapor")


class ReporterIdentity(models.Model):
    """The reporter's identity for one report, encrypted at rest, matched by blind indexes (DESIGN §4)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sealed = models.TextField(editable=False)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    email_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    nik_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    sender_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    channel = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("identitas pelapor")
        verbose_name_plural = _("identitas pelapor")

    def __str__(self) -> str:
        return f"#{self.pk}"

    def reveal(self) -> dict[str, str]:
        """Decrypt. Only `reports.visibility` decides who may call this."""
        return crypto.decrypt_json(self.sealed)


# What makes a report public (DESIGN §4); `visibility.public_reports()` filters by exactly this, so the
# partial indexes below match its queries.
PUBLIC = Q(verified_at__isnull=False, confidential=False) & ~Q(status=Status.ARCHIVED)


class Report(models.Model):
    global_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("kode pelacakan"), max_length=9, unique=True, editable=False)
    classification = models.CharField(_("klasifikasi"), max_length=24, choices=Classification.choices)
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi laporan"))
    public_title = models.CharField(_("judul publik"), max_length=200, blank=True)
    public_body = models.TextField(_("isi publik"), blank=True)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("kategori"))
    incident_date = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("lokasi"))
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    suggested_institution = models.ForeignKey(
        Institution,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("instansi yang disarankan"),
    )
    anonymous = models.BooleanField(_("anonim"), default=False)
    confidential = models.BooleanField(_("rahasia"), default=False)
    channel = models.CharField(_("kanal"), max_length=20, default="web")
    intake_institution = models.ForeignKey(
        Institution,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("instansi penerima kanal"),
    )
    reporter = models.OneToOneField(ReporterIdentity, null=True, blank=True, on_delete=models.PROTECT)
    reporter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    access_token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    closed_how = models.CharField(_("cara selesai"), max_length=20, choices=ClosedHow.choices, blank=True)
    archive_reason = models.CharField(_("alasan arsip"), max_length=20, choices=ArchiveReason.choices, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged")
    institution = models.ForeignKey(
        Institution,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("instansi penangan"),
    )
    unit = models.ForeignKey(
        Institution,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="unit_reports",
        verbose_name=_("unit kerja"),
    )
    transfer_count = models.PositiveSmallIntegerField(_("jumlah pengalihan"), default=0)
    dispute_count = models.PositiveSmallIntegerField(default=0)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    support_count = models.PositiveIntegerField(default=0)

    submitted_at = models.DateTimeField(_("dikirim"), db_index=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    dispositioned_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    postponed_until = models.DateField(null=True, blank=True)

    # The clock now running (DESIGN §3): what is due, counted from which local date, for how many
    # working days, and when. Stored so sweeps and queues are index scans, recomputed on calendar change.
    due_kind = models.CharField(max_length=20, choices=DueKind.choices, blank=True)
    due_start = models.DateField(null=True, blank=True)
    due_days = models.PositiveSmallIntegerField(null=True, blank=True)
    due_at = models.DateTimeField(_("tenggat"), null=True, blank=True)
    overdue_flagged = models.BooleanField(default=False)
    escalate_at = models.DateTimeField(null=True, blank=True)

    event_count = models.PositiveIntegerField(default=0, editable=False)
    last_hash = models.CharField(max_length=64, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        indexes = [
            models.Index(fields=["due_at"], name="report_due_open", condition=Q(due_at__isnull=False)),
            models.Index(fields=["escalate_at"], name="report_escalate", condition=Q(escalate_at__isnull=False)),
            models.Index(fields=["status", "submitted_at"], name="report_status_time"),
            models.Index(fields=["institution", "status"], name="report_institution_status"),
            # The back-office queue's default order (deadline first, undated last) as one index walk.
            # (A B-tree sorts NULLs last by default; SQLite rejects an explicit NULLS LAST in an index.)
            models.Index(fields=["due_at", "submitted_at", "id"], name="report_queue_due"),
            # What queue filters and counts read, beside the key: a staff scope is a set of report ids, and each is
            # then checked from this compact index alone instead of a fetch of the whole row.
            models.Index(
                fields=["id"],
                include=[
                    "status",
                    "due_at",
                    "submitted_at",
                    "institution",
                    "unit",
                    "intake_institution",
                    "escalated_at",
                    "category",
                ],
                name="report_queue_cover",
            ),
            # The verifiers' default queue: reports awaiting verification, deadline first.
            models.Index(
                fields=["due_at", "submitted_at", "id"],
                name="report_verify_queue",
                condition=Q(status__in=[Status.SUBMITTED, Status.NEEDS_INFO, Status.POSTPONED]),
            ),
            # The public list (`visibility.public_reports()`), newest first, whole country or by region: each is
            # one ordered index walk that stops after a page, instead of sorting every public report.
            models.Index(F("submitted_at").desc(), F("id").desc(), name="report_public_recent", condition=PUBLIC),
            models.Index(
                Substr("region_id", 1, 2), F("submitted_at").desc(), name="report_public_province", condition=PUBLIC
            ),
            models.Index(
                Substr("region_id", 1, 5), F("submitted_at").desc(), name="report_public_regency", condition=PUBLIC
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.COMPLETED, Status.ARCHIVED)

    @property
    def lapor_classification(self) -> int:
        return LAPOR_CLASSIFICATION_CODES[Classification(self.classification)]


class EventAudience(models.TextChoices):
    PUBLIC = "public", _("publik")
    REPORTER = "reporter", _("pelapor dan petugas")
    INTERNAL = "internal", _("internal petugas")


class ActorKind(models.TextChoices):
    USER = "user", _("petugas")
    REPORTER = "reporter", _("pelapor")
    SYSTEM = "system", _("sistem")
    CHANNEL = "channel", _("kanal")
    PEER = "peer", _("instansi mitra")
    PUBLIC = "public", _("warga pendukung")


class ReportEvent(models.Model):
    """One change in a report's history. Never edited or deleted; each carries the previous hash."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=32)
    audience = models.CharField(max_length=10, choices=EventAudience.choices)
    actor_kind = models.CharField(max_length=10, choices=ActorKind.choices)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_institution = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField()
    status_before = models.CharField(max_length=20, blank=True)
    status_after = models.CharField(max_length=20)
    public_text = models.TextField(blank=True)
    internal_note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["report_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["report", "seq"], name="event_report_seq")]
        verbose_name = _("riwayat laporan")
        verbose_name_plural = _("riwayat laporan")

    def __str__(self) -> str:
        return f"{self.report_id}#{self.seq} {self.kind}"


class Assignment(models.Model):
    """Who holds a report: the institution it was routed to, or a unit below it."""

    class Level(models.TextChoices):
        INSTITUTION = "institution", _("instansi")
        UNIT = "unit", _("unit kerja")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="assignments")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="assignments")
    level = models.CharField(max_length=12, choices=Level.choices)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=32, blank=True)
    event_seq = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["institution", "report"], name="assignment_inst_report")]
        verbose_name = _("penugasan")
        verbose_name_plural = _("penugasan")

    def __str__(self) -> str:
        return f"{self.report_id} → {self.institution_id}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.report.global_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="attachments")
    event_seq = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(upload_to=attachment_path)
    # For photos, a copy without EXIF (location, camera) for everyone outside the handlers.
    public_file = models.FileField(upload_to=attachment_path, blank=True)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    is_public = models.BooleanField(default=True)
    uploaded_by = models.CharField(max_length=10, choices=ActorKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")

    def __str__(self) -> str:
        return self.original_name

    @property
    def shared_file(self) -> models.FieldFile:
        """The copy that may leave the handlers."""
        return self.public_file if self.public_file else self.file


class IdentityReveal(models.Model):
    """Each time oversight opens an anonymous reporter's identity: who, when, why (DESIGN §1, §4)."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="reveals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pembukaan identitas")
        verbose_name_plural = _("pembukaan identitas")

    def __str__(self) -> str:
        return f"{self.report_id} by {self.user_id}"


class Support(models.Model):
    """One person's “dukung” (support) of a report, instead of filing a duplicate; once per person."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="supports")
    voter = models.CharField(max_length=64)  # sha256 of the user id or browser session: never identity
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "voter"], name="support_once")]

    def __str__(self) -> str:
        return f"{self.report_id} +1"
