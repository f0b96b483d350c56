"""`aduan createadmin`: an operator account for /admin/ (a superuser holding the national verifier role)."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Buat atau perbarui akun operator (admin) Aduan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", default=os.environ.get("ADUAN_ADMIN_PASSWORD", ""))

    def handle(self, *args: Any, **options: Any) -> None:
        from aduan.institutions.models import Institution, Membership
        from aduan.institutions.reference import OPERATOR_CODE, operator

        password = options["password"] or self._ask()
        user, created = get_user_model().objects.get_or_create(username=options["username"])
        user.email = options["email"] or user.email
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        root = Institution.objects.filter(code=OPERATOR_CODE).first() or operator()
        Membership.objects.get_or_create(user=user, institution=root, role=Membership.Role.VERIFIER)
        self.stdout.write(f"Akun {user.username} {'dibuat' if created else 'diperbarui'}.")

    def _ask(self) -> str:
        first = getpass.getpass("Kata sandi: ")
        if not first or first != getpass.getpass("Ulangi kata sandi: "):
            raise CommandError("Kata sandi kosong atau tidak sama.")
        return first
