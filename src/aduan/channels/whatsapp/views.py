"""The WhatsApp webhook endpoint: Meta's verification handshake (GET) and signed notifications (POST)."""

from __future__ import annotations

import hmac
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

from aduan.channels.whatsapp import webhook

logger = logging.getLogger("aduan.whatsapp")


@csrf_exempt
def webhook_view(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _verify(request)
    if request.method == "POST":
        return _notify(request)
    return HttpResponseNotAllowed(["GET", "POST"])


def _verify(request: HttpRequest) -> HttpResponse:
    """hub.mode=subscribe and our verify token → echo hub.challenge as plain text."""
    expected = settings.ADUAN_WHATSAPP_VERIFY_TOKEN
    token = request.GET.get("hub.verify_token", "")
    if (
        request.GET.get("hub.mode") == "subscribe"
        and expected
        and hmac.compare_digest(token.encode(), expected.encode())
        and request.GET.get("hub.challenge")
    ):
        return HttpResponse(request.GET["hub.challenge"], content_type="text/plain; charset=utf-8")
    return HttpResponseForbidden("verification failed", content_type="text/plain; charset=utf-8")


def _notify(request: HttpRequest) -> HttpResponse:
    body = request.body
    if not webhook.signature_ok(body, request.headers.get("X-Hub-Signature-256", "")):
        # Not from Meta (or a wrong app secret): nothing in it can be trusted, so nothing is stored.
        logger.warning("whatsapp: notification with a bad signature dropped (%d bytes)", len(body))
        return HttpResponseForbidden("bad signature", content_type="text/plain; charset=utf-8")
    counts = webhook.receive(body)
    logger.info("whatsapp: %s", counts)
    # 200 for everything authentic, malformed included (kept as rejected): any other answer makes Meta retry.
    return HttpResponse("OK", content_type="text/plain; charset=utf-8")
