"""The operator's commands of DESIGN §7, through the `aduan` entry point."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from aduan.cli import main
from aduan.institutions.models import Membership


def test_user_add_gives_a_role_in_an_institution(world) -> None:
    out = StringIO()
    call_command(
        "user",
        "add",
        "admin-kesehatan",
        "--institution",
        "pemkab-33-26-dinkes",
        "--role",
        "unit_liaison",
        "--password",
        "sandi-uji-123",
        stdout=out,
    )
    user = User.objects.get(username="admin-kesehatan")
    assert Membership.objects.filter(user=user, institution=world.dinas_kesehatan, role="unit_liaison").exists()
    assert user.check_password("sandi-uji-123")
    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command("user", "add", "x", "--institution", "tidak-ada", "--role", "verifier")


def test_user_add_without_password_prints_one(world) -> None:
    out = StringIO()
    call_command("user", "add", "pengawas2", "--institution", "ombudsman", "--role", "oversight", stdout=out)
    password = out.getvalue().split("Kata sandi:")[1].strip()
    assert User.objects.get(username="pengawas2").check_password(password)


def test_createadmin_makes_an_operator(world) -> None:
    call_command("createadmin", "--username", "operator1", "--password", "sandi-operator-1", stdout=StringIO())
    user = User.objects.get(username="operator1")
    assert user.is_superuser and user.is_staff
    assert Membership.objects.filter(user=user, institution=world.operator, role="verifier").exists()


def test_sweep_command_reports_counts(world) -> None:
    out = StringIO()
    call_command("sweep", stdout=out)
    assert "closed_by_silence: 0" in out.getvalue()


def test_cli_maps_dashed_names(world, capsys) -> None:
    main(["audit", "verify"])
    assert "OK" in capsys.readouterr().out


def test_aduan_command_is_installed() -> None:
    result = subprocess.run([sys.executable, "-m", "aduan", "help"], capture_output=True, text=True, check=True)
    for name in ["serve", "worker", "load_reference", "demo", "sweep", "audit", "createadmin", "user"]:
        assert name in result.stdout
