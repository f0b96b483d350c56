"""POST requests: a GeoReport v2 form (with `attribute[...]` fields) into one `lifecycle.submit`.

The raw form is stored (sealed) as an InboundMessage before it is parsed, without the API key. Open311 has
no message id: each POST is a new message, so a client's retry files a second report (see docs/open311.md).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from aduan.channels import inbound
from aduan.channels.models import ApiKey, InboundMessage
from aduan.channels.open311.errors import Open311Error
from aduan.channels.open311.queries import parse_moment
from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.errors import LifecycleError
from aduan.reports.models import LAPOR_CLASSIFICATION_CODES, Category, Classification, Report

CHANNEL = "open311"
TITLE_LIMIT = 200
TOKEN_SALT = "aduan.open311.token"
ATTRIBUTE = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")
SENTENCE_END = re.compile(r"(?<=[.!?])\s")
TRUE = {"true", "1", "yes", "ya", "y", "on"}
FALSE = {"false", "0", "no", "tidak", "n", "off", ""}
SECRET_FIELDS = {"api_key"}


@dataclass(frozen=True)
class Created:
    report: Report
    token: str


def param(request: HttpRequest, name: str) -> str:
    """A parameter from the form, else from the query string (old clients put api_key and jurisdiction_id
    in the URL of a POST)."""
    value = request.POST.get(name, "") if request.method == "POST" else ""
    return (value or request.GET.get(name, "")).strip()


def attributes(form: QueryDict) -> dict[str, str]:
    """`attribute[code]=v` → {code: v}; a multivaluelist `attribute[code][]=a&…` → {code: "a,b"}."""
    found: dict[str, str] = {}
    for key in form:
        match = ATTRIBUTE.match(key)
        if match:
            values = [v.strip() for v in form.getlist(key) if v.strip()]
            found[match.group(1).strip()] = ",".join(values)
    return found


def title_from(description: str) -> str:
    """The first line, then the first sentence of it, at most 200 characters cut at a word."""
    line = next((line.strip() for line in description.splitlines() if line.strip()), "")
    sentence = SENTENCE_END.split(line, maxsplit=1)[0].strip()
    if len(sentence) <= TITLE_LIMIT:
        return sentence
    cut = sentence[: TITLE_LIMIT - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return (cut or sentence[: TITLE_LIMIT - 1]) + "…"


def _flag(attrs: dict[str, str], name: str) -> bool:
    value = attrs.get(name, "").lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise Open311Error(400, _("attribute[%(name)s] harus true atau false.") % {"name": name})


def _classification(value: str) -> str:
    value = value.strip().lower()
    if not value:
        return Classification.COMPLAINT
    by_number = {str(number): code for code, number in LAPOR_CLASSIFICATION_CODES.items()}
    if value in by_number:
        return by_number[value]
    if value in Classification.values:
        return value
    raise Open311Error(400, _("attribute[classification] harus complaint, aspiration, atau information_request."))


def _incident_date(value: str) -> str | None:
    if not value.strip():
        return None
    return parse_moment(value, "attribute[incident_date]").date().isoformat()


def submission(form: QueryDict) -> dict[str, Any]:
    """The keyword arguments of `lifecycle.submit` for one POST; Open311Error when the form is unusable."""
    service_code = form.get("service_code", "").strip()
    if not service_code:
        raise Open311Error(400, _("service_code harus diisi."))
    if not Category.objects.filter(code=service_code, active=True).exists():
        raise Open311Error(400, _("service_code tidak dikenal: %(code)s") % {"code": service_code})
    attrs = attributes(form)
    lat, lon = form.get("lat", "").strip(), form.get("long", "").strip()
    address = form.get("address_string", "").strip() or form.get("address_id", "").strip()
    region = attrs.get("region_code", "")
    if bool(lat) != bool(lon):
        raise Open311Error(400, _("lat dan long harus diisi bersama."))
    if not (lat or address or region):
        raise Open311Error(
            400, _("Lokasi harus diisi: lat dan long, address_string, address_id, atau attribute[region_code].")
        )
    description = form.get("description", "").strip()
    if not description:
        raise Open311Error(400, _("description harus diisi."))
    body = description
    media_url = form.get("media_url", "").strip()
    if media_url:
        body += "\n\n" + _("Tautan media: %(url)s") % {"url": media_url}
    name = " ".join(part for part in (form.get("first_name", "").strip(), form.get("last_name", "").strip()) if part)
    return {
        "classification": _classification(attrs.get("classification", "")),
        "title": attrs.get("title", "").strip() or title_from(description),
        "body": body,
        "category": service_code,
        "incident_date": _incident_date(attrs.get("incident_date", "")),
        "region": region or None,
        "latitude": lat or None,
        "longitude": lon or None,
        "address": address,
        "institution": attrs.get("institution", "") or None,
        "anonymous": _flag(attrs, "anonymous"),
        "confidential": _flag(attrs, "confidential"),
        "reporter": {
            "name": name,
            "phone": form.get("phone", "").strip(),
            "email": form.get("email", "").strip(),
            "nik": attrs.get("nik", ""),
        },
    }


def _raw(request: HttpRequest, key: ApiKey) -> dict[str, Any]:
    form = {k: request.POST.getlist(k) for k in request.POST if k not in SECRET_FIELDS}
    query = {k: request.GET.getlist(k) for k in request.GET if k not in SECRET_FIELDS}
    files = [{"field": f, "name": u.name, "size": u.size} for f in request.FILES for u in request.FILES.getlist(f)]
    return {"form": form, "query": query, "files": files, "api_key": key.pk}


def create(request: HttpRequest, key: ApiKey) -> Created:
    """Store the raw form, then file the report as the channel on behalf of the key's institution."""
    received = inbound.store(CHANNEL, f"{key.pk}:{uuid.uuid4().hex}", _raw(request, key))
    message = received.message
    try:
        fields = submission(request.POST)
        files = [(u.name, u) for f in request.FILES for u in request.FILES.getlist(f)]
        result = lifecycle.submit(
            Actor.channel(CHANNEL, key.institution),
            **fields,
            channel=CHANNEL,
            intake_institution=key.institution,
            attachments=files,
        )
    except Open311Error as exc:
        inbound.finish(message, InboundMessage.State.REJECTED, result="invalid", error=exc.description)
        raise
    except LifecycleError as exc:
        inbound.finish(message, InboundMessage.State.REJECTED, result=exc.code, error=exc.detail)
        raise Open311Error(exc.status if exc.status in (400, 403, 404) else 400, exc.detail) from exc
    except Exception as exc:
        inbound.finish(message, InboundMessage.State.FAILED, result="error", error=type(exc).__name__)
        raise
    inbound.finish(message, InboundMessage.State.PROCESSED, result="created", report=result.report)
    return Created(result.report, token_for(result.report))


def token_for(report: Report) -> str:
    """A token that names one report and cannot be forged or guessed (signed, nothing stored)."""
    return signing.dumps(str(report.global_id), salt=TOKEN_SALT)


def report_for_token(token: str) -> Report | None:
    try:
        global_id = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    return Report.objects.filter(global_id=global_id).first()
