"""Federation between Aduan instances (docs/federation.md).

- `LocalInstance`: this instance's name and Ed25519 key pair (the private key sealed with core.crypto).
- `Peer`: another instance we trust: its name (the key id of its signatures), base URL, public key, role,
  and its health as deliveries and refreshes see it.
- `PeerInstitution`: a peer's institution tree, mirrored read-only (refreshed when its version changes).
- `PeerLink`: a report that crossed the border with one peer, in which direction, and the sequence
  numbers of what was sent and applied on that link (strict order, each message applied once).
- `PeerDelivery`: the outbox of what we owe a peer, written in the transaction that owes it.
- `SeenNonce`, `RefusedRequest`: replay protection, and the log of refused requests.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class LocalInstance(models.Model):
    name = models.SlugField(_("nama sistem"), max_length=64, unique=True)
    public_key = models.CharField(max_length=64)  # base64 of the 32-byte raw Ed25519 public key
    sealed_private_key = models.TextField(editable=False)  # core.crypto.encrypt_json({"ed25519": base64})
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("identitas sistem")
        verbose_name_plural = _("identitas sistem")

    def __str__(self) -> str:
        return self.name


class Peer(models.Model):
    class Role(models.TextChoices):
        PARENT = "parent", _("induk")
        CHILD = "child", _("anak")

    name = models.SlugField(_("nama"), max_length=64, unique=True)
    base_url = models.URLField(_("alamat dasar"), max_length=300)
    public_key = models.CharField(_("kunci publik"), max_length=64)
    role = models.CharField(_("peran"), max_length=10, choices=Role.choices)
    active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Health, as seen by our own requests to it.
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # The version of its institution tree we mirror, and the one it last announced.
    institutions_etag = models.CharField(max_length=80, blank=True)
    announced_etag = models.CharField(max_length=80, blank=True)
    institutions_refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sistem mitra")
        verbose_name_plural = _("sistem mitra")

    def __str__(self) -> str:
        return self.name


class PeerInstitution(models.Model):
    """One institution of a peer's tree, as the peer published it. Read-only here."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="institutions")
    code = models.CharField(_("kode"), max_length=64)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20)
    parent_code = models.CharField(max_length=64, blank=True)
    region_code = models.CharField(max_length=13, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["peer", "code"]
        constraints = [models.UniqueConstraint(fields=["peer", "code"], name="peer_institution_code")]
        verbose_name = _("instansi mitra")
        verbose_name_plural = _("instansi mitra")

    def __str__(self) -> str:
        return f"{self.name} ({self.peer.name})"


class PeerLink(models.Model):
    """A report shared with one peer. `origin`: we forwarded it and the peer handles it (its status is the
    peer's); `handler`: the peer forwarded it to us and we handle it."""

    class Role(models.TextChoices):
        ORIGIN = "origin", _("asal")
        HANDLER = "handler", _("penangan")

    report = models.ForeignKey("reports.Report", on_delete=models.PROTECT, related_name="peer_links")
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="links")
    role = models.CharField(max_length=10, choices=Role.choices)
    remote_code = models.CharField(_("kode di mitra"), max_length=9, blank=True)
    peer_institution_code = models.CharField(max_length=64, blank=True)
    out_seq = models.PositiveIntegerField(default=0)  # the last sequence number we queued on this link
    in_seq = models.PositiveIntegerField(default=0)  # the last sequence number we applied from the peer
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "peer"], name="peer_link_once")]
        verbose_name = _("laporan lintas sistem")
        verbose_name_plural = _("laporan lintas sistem")

    def __str__(self) -> str:
        return f"{self.report_id} {self.role} {self.peer_id}"


class PeerDelivery(models.Model):
    """The outbox to peers (DESIGN §5): one message owed to one peer, sent in `seq` order per link."""

    class Kind(models.TextChoices):
        REPORT = "report", _("penerusan laporan")
        EVENT = "event", _("pembaruan")

    class State(models.TextChoices):
        QUEUED = "queued", _("antre")
        SENDING = "sending", _("sedang dikirim")
        SENT = "sent", _("terkirim")
        FAILED = "failed", _("gagal")

    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="deliveries")
    link = models.ForeignKey(PeerLink, on_delete=models.PROTECT, related_name="deliveries")
    report = models.ForeignKey("reports.Report", on_delete=models.PROTECT, related_name="+")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    event_seq = models.PositiveIntegerField(null=True, blank=True)  # the local event it carries
    payload = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["link", "seq"], name="peer_delivery_seq")]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], name="peer_delivery_due", condition=Q(state__in=["queued", "sending"])
            )
        ]
        verbose_name = _("kiriman ke mitra")
        verbose_name_plural = _("kiriman ke mitra")

    def __str__(self) -> str:
        return f"{self.peer_id} #{self.link_id}.{self.seq} {self.kind} ({self.state})"


class SeenNonce(models.Model):
    key_id = models.CharField(max_length=64)
    nonce = models.CharField(max_length=128)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key_id", "nonce"], name="seen_nonce_once")]

    def __str__(self) -> str:
        return f"{self.key_id} {self.nonce}"


class RefusedRequest(models.Model):
    """A federation request refused (bad signature, skew, replay…): the log operators read."""

    at = models.DateTimeField(db_index=True)
    key_id = models.CharField(max_length=64, blank=True)
    reason = models.CharField(max_length=40)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=300)
    remote_addr = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("permintaan ditolak")
        verbose_name_plural = _("permintaan ditolak")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.key_id} {self.reason}"
