"""What the Open311 tests share: posting a form, parsing answers, the identity that must never come out."""

from __future__ import annotations

import io
import json
import random
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse
from django.test import Client
from PIL import Image

BASE = "/open311/v2/"

# Filed through Open311 as an anonymous report: none of it may come back from a GET.
IDENTITY = {
    "first_name": "Bambang",
    "last_name": "Sutrisno",
    "email": "bambang.s@example.id",
    "phone": "081398765432",
    "nik": "3326019876540002",
}
SECRET_TITLE = "Pungutan liar di loket perekaman KTP"


def form(**fields: Any) -> dict[str, Any]:
    """A valid POST form for the `jalan-rusak` service, with the given fields added or replaced."""
    values: dict[str, Any] = {
        "service_code": "jalan-rusak",
        "lat": "-7.0123456",
        "long": "109.6123456",
        "description": "Jalan desa berlubang dalam di depan balai desa. Sudah dua motor jatuh minggu ini.",
        "attribute[region_code]": "33.26.01.2001",
    }
    values.update(fields)
    return {k: v for k, v in values.items() if v is not None}


def post(client: Client, path: str, data: dict[str, Any], query: str = "", **extra: Any) -> HttpResponse:
    url = BASE + path + (f"?{query}" if query else "")
    return client.post(url, data, **extra)


def get(client: Client, path: str, **params: Any) -> HttpResponse:
    return client.get(BASE + path, params)


def as_json(response: HttpResponse) -> Any:
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return json.loads(response.content)


def as_xml(response: HttpResponse) -> ET.Element:
    assert response["Content-Type"].startswith("text/xml"), response["Content-Type"]
    text = response.content.decode()
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    assert "xmlns" not in text  # the specification's XML has no namespaces
    return ET.fromstring(response.content)


def children(element: ET.Element) -> list[str]:
    return [child.tag for child in element]


def xml_error(response: HttpResponse, status: int) -> str:
    """The specification's error document; returns its description."""
    assert response.status_code == status, (response.status_code, response.content)
    root = as_xml(response)
    assert root.tag == "errors"
    (error,) = root.findall("error")
    assert error.findtext("code") == str(status)
    description = error.findtext("description") or ""
    assert description
    return description


def json_error(response: HttpResponse, status: int) -> str:
    assert response.status_code == status, (response.status_code, response.content)
    data = as_json(response)
    assert isinstance(data, list) and len(data) == 1
    assert data[0]["code"] == status and data[0]["description"]
    return data[0]["description"]


def photo(seed: int = 1) -> bytes:
    """A small JPEG of noise."""
    pixels = random.Random(seed).randbytes(32 * 24 * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (32, 24), pixels).save(out, format="JPEG")
    return out.getvalue()
