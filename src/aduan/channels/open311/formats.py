"""Open311 output: the same Python data as JSON or as XML without namespaces (GeoReport v2).

A list becomes a repeated child element named by `ITEM_TAGS` (`<services><service>…`), `None` an empty
element, a boolean `true`/`false`. JSON keeps `null` and real booleans.
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse

JSON = "json"
XML = "xml"
FORMATS = (JSON, XML)
CONTENT_TYPES = {JSON: "application/json; charset=utf-8", XML: "text/xml; charset=utf-8"}
MIME_TYPES = {JSON: "application/json", XML: "text/xml"}

# The element each item of a list is wrapped in, by the list's own element name.
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "service_request_updates": "request_update",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}


def render(fmt: str, root: str, data: Any, status: int = 200) -> HttpResponse:
    """`data` under the root element `root` (XML) or as is (JSON)."""
    body = json.dumps(data, ensure_ascii=False, default=str) if fmt == JSON else to_xml(root, data)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def to_xml(root: str, data: Any) -> str:
    element = ET.Element(root)
    _fill(element, data)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="unicode")


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, list | tuple):
        tag = ITEM_TAGS.get(element.tag, "item")
        for child in value:
            _fill(ET.SubElement(element, tag), child)
    elif value is None:
        return
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = str(value)


def errors(fmt: str, status: int, description: str) -> HttpResponse:
    """The specification's error answer: a list of {code, description}, the code being the HTTP status."""
    return render(fmt, "errors", [{"code": status, "description": description}], status=status)
