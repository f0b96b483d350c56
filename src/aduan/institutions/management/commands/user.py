"""`aduan user add USERNAME --institution CODE --role ROLE [--password P]`."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

ROLES = ["verifier", "institution_admin", "unit_liaison", "oversight", "citizen"]


class Command(BaseCommand):
    help = "Kelola pengguna."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Tambah pengguna (atau peran baru bagi pengguna yang ada).")
        add.add_argument("username")
        add.add_argument("--institution", help="Kode instansi (wajib kecuali untuk peran citizen).")
        add.add_argument("--role", required=True, choices=ROLES)
        add.add_argument("--password")
        add.add_argument("--email", default="")
        add.add_argument("--name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        from aduan.institutions.models import Institution, Membership

        role = options["role"]
        institution = None
        if role != "citizen":
            if not options.get("institution"):
                raise CommandError("--institution wajib untuk peran ini.")
            institution = Institution.objects.filter(code=options["institution"]).first()
            if institution is None:
                raise CommandError(f"Instansi tidak dikenal: {options['institution']}")
        user, created = get_user_model().objects.get_or_create(username=options["username"])
        password = options.get("password")
        if created or password:
            password = password or secrets.token_urlsafe(12)
            user.set_password(password)
        user.email = options["email"] or user.email
        if options["name"]:
            user.first_name = options["name"][:150]
        user.save()
        if institution is not None:
            Membership.objects.get_or_create(user=user, institution=institution, role=role)
        where = f" di {institution}" if institution else ""
        self.stdout.write(f"Pengguna {user.username} ({role}{where}) {'dibuat' if created else 'diperbarui'}.")
        if created and not options.get("password"):
            self.stdout.write(f"Kata sandi: {password}")
