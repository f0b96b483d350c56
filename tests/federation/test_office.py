"""The operators' page and the forwarding form in the back office; forwarding through the JSON API."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from aduan.channels import keys
from aduan.federation.models import PeerDelivery, RefusedRequest
from aduan.reports.models import Report
from tests.conftest import REPORTER

from .test_forwarding import _forward


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_operators_see_peers_health_queue_and_refusals(world, file_report, peer_tree, client) -> None:
    _forward(world, file_report().report.code)
    client.get("/federation/v1/ping")  # unsigned: refused and logged
    page = _client(world.verifier).get("/kantor/federasi/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="peer-prov-jateng"' in html and "kab-pekalongan" in html
    row = html.split('id="peer-prov-jateng"', 1)[1].split("</tr>", 1)[0]
    assert '<td class="queued">1' in row
    assert "missing_header" in html
    assert RefusedRequest.objects.count() == 1


def test_others_do_not_see_the_operators_page(world) -> None:
    assert _client(world.regency_admin).get("/kantor/federasi/").status_code == 403
    assert Client().get("/kantor/federasi/").status_code == 302


def test_forwarding_form_for_the_verifier_only(world, file_report, peer_tree) -> None:
    code = file_report().report.code
    assert _client(world.liaison).get(f"/kantor/federasi/teruskan/{code}/").status_code in (403, 404)
    verifier = _client(world.verifier)
    form = verifier.get(f"/kantor/federasi/teruskan/{code}/")
    assert form.status_code == 200
    html = form.content.decode()
    assert 'value="prov-jateng/jateng-dpu"' in html
    assert not any(value in html for value in REPORTER.values())
    done = verifier.post(f"/kantor/federasi/teruskan/{code}/", {"target": "prov-jateng/jateng-dpu", "message": ""})
    assert done.status_code == 302
    assert Report.objects.get(code=code).status == "dispositioned"
    assert PeerDelivery.objects.get().kind == "report"
    assert verifier.get(f"/kantor/federasi/teruskan/{code}/").status_code == 403  # already forwarded


@pytest.mark.django_db
def test_forward_through_the_json_api(world, file_report, peer_tree, client) -> None:
    code = file_report().report.code
    _, token = keys.create_token(world.verifier, "uji")
    response = client.post(
        f"/api/v1/reports/{code}/actions/forward",
        json.dumps({"institution": "prov-jateng/jateng", "message": "Kewenangan provinsi."}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200, response.content
    assert json.loads(response.content)["status"] == "dispositioned"
    assert PeerDelivery.objects.get().payload["institution"] == "jateng"
