"""Kannel's two callbacks: an incoming SMS (sms-service get-url) and a delivery report (dlr-url).

Both always answer 200 with text/plain: an error status would make Kannel send the citizen "Could not
fetch content". Only a caller without the shared secret or from a address not allowed gets a 403.
"""

from __future__ import annotations

import hmac
from urllib.parse import parse_qsl

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from aduan.channels.kannel import dlr, gsm, receive
from aduan.channels.kannel.send import dlr_url

PLAIN = "text/plain; charset=utf-8"


def allowed(request: HttpRequest) -> bool:
    ips = getattr(settings, "ADUAN_KANNEL_ALLOWED_IPS", [])
    if ips and request.META.get("REMOTE_ADDR", "") not in ips:
        return False
    token = getattr(settings, "ADUAN_KANNEL_RECEIVE_TOKEN", "")
    return not token or hmac.compare_digest(request.GET.get("token", ""), token)


def params(request: HttpRequest) -> dict[str, str]:
    """The query string; an un-recoded UCS-2 text (`coding=2`, charset UTF-16BE) is decoded from its bytes."""
    values = {key: value for key, value in request.GET.items() if key != "token"}
    charset = values.get("charset", "").upper().replace("_", "-")
    if values.get("coding") == "2" and charset in {"", "UTF-16BE", "UTF16-BE", "UCS-2", "UTF-16"}:
        raw = dict(parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True, encoding="latin-1"))
        values["text"] = raw.get("text", "").encode("latin-1").decode("utf-16-be", errors="replace")
    return values


@require_GET
def receive_sms(request: HttpRequest) -> HttpResponse:
    if not allowed(request):
        return HttpResponse("forbidden", status=403, content_type=PLAIN)
    answer = receive.receive(params(request))
    text = gsm.fit(answer.text, getattr(settings, "ADUAN_KANNEL_MAX_MESSAGES", 3))
    response = HttpResponse(text, content_type=PLAIN)
    # Honoured when the sms-service has `accept-x-kannel-headers = true` (docs/sms.md).
    if not gsm.is_gsm7(text):
        response["X-Kannel-Coding"] = "2"
    if answer.notification_id is not None:
        response["X-Kannel-DLR-Mask"] = "31"
        response["X-Kannel-DLR-Url"] = dlr_url(answer.notification_id)
    return response


@require_GET
def delivery_report(request: HttpRequest) -> HttpResponse:
    if not allowed(request):
        return HttpResponse("forbidden", status=403, content_type=PLAIN)
    return HttpResponse(dlr.handle(params(request)), content_type=PLAIN)
