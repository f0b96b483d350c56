"""What every channel shares: raw inbound messages, API keys and tokens, channel accounts, conversations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class InboundMessage(models.Model):
    """Every message a channel receives, stored before it is parsed (issue 4: nothing is lost).

    The raw payload is encrypted because it carries the sender's phone number or address (DESIGN §4).
    `(channel, external_id)` is unique, so a gateway's retry of the same message never files a second report.
    """

    class State(models.TextChoices):
        RECEIVED = "received", _("diterima")
        PROCESSED = "processed", _("diproses")
        REJECTED = "rejected", _("ditolak")
        FAILED = "failed", _("gagal")

    channel = models.CharField(max_length=20)
    external_id = models.CharField(max_length=200)
    sealed_raw = models.TextField(editable=False)
    sender_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    account = models.ForeignKey("ChannelAccount", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.RECEIVED)
    result = models.CharField(max_length=40, blank=True)
    error = models.TextField(blank=True)
    report = models.ForeignKey("reports.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    received_at = models.DateTimeField(db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel", "external_id"], name="inbound_once")]
        verbose_name = _("pesan masuk")
        verbose_name_plural = _("pesan masuk")

    def __str__(self) -> str:
        return f"{self.channel}:{self.external_id} ({self.state})"


class ChannelAccount(models.Model):
    """An address a channel receives on (an SMS number, a WhatsApp number id, an X account, a mailbox),
    and the institution whose queue its reports land in (DESIGN §6)."""

    channel = models.CharField(_("kanal"), max_length=20)
    address = models.CharField(_("alamat"), max_length=200, help_text=_("Nomor, ID, akun, atau alamat email."))
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.CASCADE,
        related_name="channel_accounts",
        verbose_name=_("instansi"),
    )
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel", "address"], name="channel_address_once")]
        verbose_name = _("akun kanal")
        verbose_name_plural = _("akun kanal")

    def __str__(self) -> str:
        return f"{self.channel}:{self.address}"


class ApiKey(models.Model):
    """A key for an application or Open311 client (`aduan apikey create NAME`). Only its hash is kept."""

    name = models.CharField(_("nama"), max_length=100)
    prefix = models.CharField(max_length=8, editable=False, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    institution = models.ForeignKey(
        "institutions.Institution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("instansi penerima"),
        help_text=_("Laporan dari kunci ini masuk ke antrean instansi ini; kosong berarti verifikator nasional."),
    )
    active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kunci API")
        verbose_name_plural = _("kunci API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ApiToken(models.Model):
    """A bearer token for a signed-in person (`POST /api/v1/auth/token`). Only its hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"


class Conversation(models.Model):
    """A short guided conversation with one sender on one channel (WhatsApp, SMS): what it still needs.

    The collected draft is encrypted: it holds the reporter's words before they become a report.
    """

    channel = models.CharField(max_length=20)
    sender_index = models.CharField(max_length=64)
    step = models.CharField(max_length=30, blank=True)
    sealed_draft = models.TextField(blank=True, editable=False)
    report = models.ForeignKey("reports.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel", "sender_index"], name="conversation_per_sender")]
        verbose_name = _("percakapan")
        verbose_name_plural = _("percakapan")

    def __str__(self) -> str:
        return f"{self.channel}:{self.step}"
