"""`aduan load-reference` loads every region and local government, idempotently; then the demo works."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import Count

from aduan.institutions.models import Institution, Region
from aduan.institutions.reference import load
from aduan.reports.audit import verify
from aduan.reports.models import Category, Report, Status


@pytest.mark.django_db(transaction=False)
def test_reference_load_is_complete_and_idempotent_and_the_demo_runs(settings) -> None:
    settings.ADUAN_DEMO_PASSWORD = "demo-uji-123"
    first = load()
    assert first.regions == 91_599
    levels = dict(Region.objects.values_list("level").annotate(n=Count("code")).order_by())
    assert levels == {1: 38, 2: 514, 3: 7_285, 4: 83_762}
    assert Region.objects.get(code="33.26").population == 1_034_241
    kinds = dict(Institution.objects.values_list("kind").annotate(n=Count("pk")).order_by())
    assert kinds["province"] == 38
    assert kinds["regency"] + kinds["city"] == 514
    assert {"ombudsman", "kpk", "polri", "kejaksaan", "bpk", "kemenpanrb"} <= set(
        Institution.objects.values_list("code", flat=True)
    )
    pekalongan = Institution.objects.get(code="pemkab-33-26")
    assert pekalongan.parent.code == "pemprov-33"
    assert pekalongan.population == 1_034_241
    assert Institution.objects.get(code="pemkot-33-75").kind == "city"
    assert Category.objects.filter(parent__isnull=True).count() >= 10

    assert load().skipped
    again = load(force=True)
    assert again.regions == 91_599
    assert Institution.objects.count() == sum(kinds.values())
    assert Region.objects.count() == 91_599

    call_command("demo", reports=60)
    statuses = set(Report.objects.values_list("status", flat=True))
    assert {Status.SUBMITTED, Status.DISPOSITIONED, Status.COMPLETED} <= statuses
    assert list(verify()) == []
    for login in ["verifikator", "admin-pekalongan", "dinas-pu-pekalongan", "ombudsman", "warga"]:
        assert User.objects.get(username=login).check_password("demo-uji-123"), login
    # Running it again with --if-empty adds nothing.
    count = Report.objects.count()
    call_command("demo", if_empty=True)
    assert Report.objects.count() == count
