"""`aduan apikey create NAME [--institution CODE]`: prints a new API/Open311 key (DESIGN §7)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aduan.channels.keys import create_key
from aduan.institutions.models import Institution


class Command(BaseCommand):
    help = "Kelola kunci API/Open311."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="Buat kunci baru dan cetak rahasianya (sekali saja).")
        create.add_argument("name")
        create.add_argument("--institution", default="", help="Kode instansi penerima laporan dari kunci ini.")

    def handle(self, *args: Any, **options: Any) -> None:
        institution = None
        if options["institution"]:
            institution = Institution.objects.filter(code=options["institution"]).first()
            if institution is None:
                raise CommandError(f"Instansi tidak dikenal: {options['institution']}")
        _key, secret = create_key(options["name"], institution)
        self.stdout.write(secret)
