"""`aduan federation …`: this instance's identity, its peers, their institution trees, deliveries."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.text import slugify


class Command(BaseCommand):
    help = "Federasi antar-sistem Aduan: identitas, mitra, pohon instansi mitra, pengiriman."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        init = sub.add_parser("init", help="Buat identitas (nama dan pasangan kunci Ed25519) sistem ini.")
        init.add_argument("--name", required=True)
        init.add_argument("--force", action="store_true", help="Ganti identitas yang ada (mitra harus diberi tahu).")
        sub.add_parser("show", help="Tampilkan nama dan kunci publik sistem ini.")
        add = sub.add_parser("add-peer", help="Daftarkan sistem mitra (atau perbarui alamat/kuncinya).")
        add.add_argument("name")
        add.add_argument("url")
        add.add_argument("public_key")
        add.add_argument("--role", choices=["parent", "child"], required=True)
        remove = sub.add_parser("disable-peer", help="Nonaktifkan mitra (permintaannya ditolak).")
        remove.add_argument("name")
        peers = sub.add_parser("peers", help="Daftar mitra dan kesehatannya.")
        peers.add_argument("--check", action="store_true", help="Kirim ping bertanda tangan ke tiap mitra.")
        refresh = sub.add_parser("refresh", help="Perbarui cermin pohon instansi mitra.")
        refresh.add_argument("name", nargs="?")
        refresh.add_argument("--force", action="store_true")
        institutions = sub.add_parser("institutions", help="Daftar instansi mitra yang dicerminkan.")
        institutions.add_argument("name")
        deliver = sub.add_parser("deliver", help="Kirim antrean ke mitra (satu putaran).")
        deliver.add_argument("--all", action="store_true", help="Abaikan jeda coba ulang: kirim semua yang antre.")
        sub.add_parser("retry", help="Antrekan ulang kiriman yang gagal permanen.")
        forward = sub.add_parser("forward", help="Teruskan laporan ke instansi di sistem mitra.")
        forward.add_argument("code")
        forward.add_argument("peer")
        forward.add_argument("institution")
        forward.add_argument("--user", required=True, help="Petugas yang meneruskan (verifikator/admin instansi).")
        forward.add_argument("--message", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "do_" + options["action"].replace("-", "_"))(options)

    # --- identity ---

    def do_init(self, options: dict[str, Any]) -> None:
        from aduan.federation import identity

        name = options["name"].strip()
        if not name or slugify(name) != name:
            raise CommandError("Nama harus berupa slug: huruf kecil, angka dan tanda hubung (mis. kab-pekalongan).")
        try:
            local = identity.init(name, force=options["force"])
        except FileExistsError as exc:
            raise CommandError(
                f"Sistem ini sudah punya identitas federasi ({exc}); pakai --force untuk mengganti."
            ) from exc
        self.stdout.write(f"name {local.name}\npublic_key {local.public_key}")

    def do_show(self, options: dict[str, Any]) -> None:
        from aduan.federation import identity

        if not identity.initialised():
            raise CommandError("Belum ada identitas federasi: jalankan `aduan federation init --name NAMA`.")
        self.stdout.write(f"name {identity.name()}\npublic_key {identity.public_key()}")

    # --- peers ---

    def do_add_peer(self, options: dict[str, Any]) -> None:
        from aduan.federation import identity
        from aduan.federation.models import Peer

        name = options["name"].strip()
        if not name or slugify(name) != name:
            raise CommandError("Nama mitra harus berupa slug (huruf kecil, angka, tanda hubung).")
        try:
            URLValidator(schemes=["http", "https"])(options["url"])
        except Exception as exc:
            raise CommandError(f"Alamat tidak valid: {options['url']}") from exc
        try:
            identity.load_public_key(options["public_key"])
        except ValueError as exc:
            raise CommandError(f"Kunci publik tidak valid: {exc}") from exc
        peer, created = Peer.objects.update_or_create(
            name=name,
            defaults={
                "base_url": options["url"].rstrip("/"),
                "public_key": options["public_key"].strip(),
                "role": options["role"],
                "active": True,
            },
        )
        self.stdout.write(f"{'added' if created else 'updated'} {peer.name} {peer.role} {peer.base_url}")

    def do_disable_peer(self, options: dict[str, Any]) -> None:
        from aduan.federation.models import Peer

        if not Peer.objects.filter(name=options["name"]).update(active=False):
            raise CommandError(f"Mitra tidak dikenal: {options['name']}")
        self.stdout.write(f"disabled {options['name']}")

    def do_peers(self, options: dict[str, Any]) -> None:
        from aduan.federation import client, health

        if options["check"]:
            from aduan.federation.models import Peer

            for peer in Peer.objects.filter(active=True):
                try:
                    client.request(peer, "GET", "/federation/v1/ping")
                except client.PeerError as exc:
                    self.stderr.write(f"{peer.name}: {exc}")
        rows = health.peers()
        if not rows:
            self.stdout.write("(belum ada mitra)")
        for row in rows:
            self.stdout.write(
                f"{row.name}\t{row.role}\t{'active' if row.active else 'disabled'}\t{row.base_url}\t"
                f"ok={_when(row.last_success_at)}\terror={_when(row.last_error_at)}\t"
                f"queued={row.queued}\tfailed={row.failed}\tinstitutions={row.institutions}"
                + (f"\tlast_error={row.last_error}" if row.last_error else "")
            )

    def do_refresh(self, options: dict[str, Any]) -> None:
        from aduan.federation import client, mirror
        from aduan.federation.models import Peer

        peers = Peer.objects.filter(active=True)
        if options["name"]:
            peers = peers.filter(name=options["name"])
        for peer in peers:
            try:
                changed = mirror.refresh(peer, force=options["force"])
            except client.PeerError as exc:
                raise CommandError(f"{peer.name}: {exc}") from exc
            count = peer.institutions.filter(active=True).count()
            self.stdout.write(f"{peer.name}: {'updated' if changed else 'unchanged'}, {count} institutions")

    def do_institutions(self, options: dict[str, Any]) -> None:
        from aduan.federation.models import PeerInstitution

        for pi in PeerInstitution.objects.filter(peer__name=options["name"], active=True).order_by("code"):
            self.stdout.write(f"{pi.code}\t{pi.kind}\t{pi.parent_code}\t{pi.region_code}\t{pi.name}")

    # --- deliveries ---

    def do_deliver(self, options: dict[str, Any]) -> None:
        from aduan.federation import delivery

        outcomes = delivery.deliver_due(ignore_backoff=options["all"])
        self.stdout.write(" ".join(f"{k}={v}" for k, v in sorted(outcomes.items())) or "nothing due")

    def do_retry(self, options: dict[str, Any]) -> None:
        from aduan.federation.models import PeerDelivery

        count = PeerDelivery.objects.filter(state=PeerDelivery.State.FAILED).update(
            state=PeerDelivery.State.QUEUED, next_attempt_at=timezone.now(), attempts=0
        )
        self.stdout.write(f"requeued {count}")

    def do_forward(self, options: dict[str, Any]) -> None:
        from django.contrib.auth import get_user_model

        from aduan.reports import lifecycle
        from aduan.reports.actors import Actor

        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"Pengguna tidak dikenal: {options['user']}")
        try:
            report = lifecycle.perform(
                Actor.for_user(user),
                options["code"],
                "forward",
                {"peer": options["peer"], "institution": options["institution"], "message": options["message"]},
            )
        except lifecycle.LifecycleError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"forwarded {report.code}")


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else "-"
