"""Discovery, the service list (the category tree) and service definitions, in JSON and XML."""

from __future__ import annotations

from typing import Any

import pytest

from aduan.reports.models import Category

from .helpers import as_json, as_xml, children, get, json_error, xml_error


@pytest.fixture
def tree(world: Any) -> None:
    infrastruktur = Category.objects.create(code="infrastruktur", name="Infrastruktur", name_en="Infrastructure")
    Category.objects.filter(code="jalan-rusak").update(parent=infrastruktur, name_en="Damaged Roads", position=1)
    Category.objects.create(code="lama", name="Kategori lama", active=False)


def test_discovery_json_and_xml(client, world) -> None:
    data = as_json(get(client, "discovery.json"))
    specs = [e["specification"] for e in data["endpoints"]]
    assert specs == [
        "http://wiki.open311.org/GeoReport_v2",
        "http://wiki.open311.org/GeoReport_v2/Servicerequestupdates",
    ]
    assert data["endpoints"][0]["url"] == "https://aduan.example.id/open311/v2/"
    assert set(data["endpoints"][0]["formats"]) == {"text/xml", "application/json"}
    assert data["contact"] and data["key_service"] and data["changeset"]

    root = as_xml(get(client, "discovery.xml"))
    assert root.tag == "discovery"
    assert children(root) == ["changeset", "contact", "key_service", "endpoints"]
    endpoint = root.find("endpoints/endpoint")
    assert endpoint is not None
    assert children(endpoint) == ["specification", "url", "changeset", "type", "formats"]
    assert [f.text for f in endpoint.findall("formats/format")] == ["text/xml", "application/json"]
    # The bare root answers discovery too (XML, the specification's required format).
    assert as_xml(client.get("/open311/v2/")).tag == "discovery"


def test_services_are_the_active_category_tree(client, tree) -> None:
    data = as_json(get(client, "services.json"))
    by_code = {s["service_code"]: s for s in data}
    assert set(by_code) == {"infrastruktur", "jalan-rusak"}  # the inactive one is not offered
    road = by_code["jalan-rusak"]
    assert road["service_name"] == "Jalan Rusak"
    assert road["group"] == "Infrastruktur"
    assert road["metadata"] is True and road["type"] == "realtime"
    assert road["keywords"].split(",") == ["jalan-rusak", "infrastruktur", "Damaged Roads"]
    assert road["description"]
    assert by_code["infrastruktur"]["group"] == "Infrastruktur"

    root = as_xml(get(client, "services.xml"))
    assert root.tag == "services"
    services = root.findall("service")
    assert len(services) == 2
    for service in services:
        assert children(service) == [
            "service_code",
            "service_name",
            "description",
            "metadata",
            "type",
            "keywords",
            "group",
        ]
    road_xml = next(s for s in services if s.findtext("service_code") == "jalan-rusak")
    assert road_xml.findtext("metadata") == "true"
    assert road_xml.findtext("group") == "Infrastruktur"


def test_services_in_english(client, tree) -> None:
    data = as_json(client.get("/open311/v2/services.json", HTTP_ACCEPT_LANGUAGE="en"))
    road = next(s for s in data if s["service_code"] == "jalan-rusak")
    assert road["service_name"] == "Damaged Roads" and road["group"] == "Infrastructure"


@pytest.mark.parametrize("prefix", ["services", "service"])
def test_service_definition_plural_and_singular(client, tree, prefix: str) -> None:
    data = as_json(get(client, f"{prefix}/jalan-rusak.json"))
    assert data["service_code"] == "jalan-rusak"
    attributes = {a["code"]: a for a in data["attributes"]}
    assert {"classification", "title", "anonymous", "confidential", "region_code", "incident_date"} <= set(attributes)
    classification = attributes["classification"]
    assert classification["datatype"] == "singlevaluelist" and classification["variable"] is True
    assert [v["key"] for v in classification["values"]] == ["complaint", "aspiration", "information_request"]
    assert [v["key"] for v in attributes["anonymous"]["values"]] == ["false", "true"]
    assert attributes["region_code"]["datatype"] == "string"
    assert sorted(a["order"] for a in data["attributes"]) == list(range(1, len(data["attributes"]) + 1))

    root = as_xml(get(client, f"{prefix}/jalan-rusak.xml"))
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "jalan-rusak"
    xml_attributes = root.findall("attributes/attribute")
    assert len(xml_attributes) == len(data["attributes"])
    first = xml_attributes[0]
    assert children(first) == [
        "variable",
        "code",
        "datatype",
        "required",
        "datatype_description",
        "order",
        "description",
        "values",
    ]
    assert [v.findtext("key") for v in first.findall("values/value")] == [
        "complaint",
        "aspiration",
        "information_request",
    ]
    assert first.findtext("required") == "false"


def test_unknown_service_is_404_in_both_formats(client, tree) -> None:
    assert "tidak-ada" in xml_error(get(client, "services/tidak-ada.xml"), 404)
    json_error(get(client, "service/tidak-ada.json"), 404)
    json_error(get(client, "services/lama.json"), 404)  # inactive


def test_unsupported_format_and_method(client, tree) -> None:
    xml_error(get(client, "services.html"), 400)
    response = client.delete("/open311/v2/services.json")
    json_error(response, 405)
    assert "GET" in response["Allow"]


def test_jurisdiction(client, tree) -> None:
    assert as_json(get(client, "services.json", jurisdiction_id="pekalongankab.go.id"))
    assert as_json(get(client, "services.json", jurisdiction_id=""))  # empty = absent
    json_error(get(client, "services.json", jurisdiction_id="kota-lain.go.id"), 404)
