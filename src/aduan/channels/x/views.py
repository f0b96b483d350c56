"""The X webhook endpoint: CRC (GET) and Account Activity deliveries (POST)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from aduan.channels.x import webhook

logger = logging.getLogger("aduan.x")


@csrf_exempt
def webhook_view(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        token = request.GET.get("crc_token", "")
        if not token or not settings.ADUAN_X_CONSUMER_SECRET:
            return JsonResponse({"error": "crc_token required"}, status=400)
        return JsonResponse({"response_token": webhook.crc_response(token)})
    if request.method == "POST":
        body = request.body
        if not webhook.signature_ok(body, request.headers.get("x-twitter-webhooks-signature", "")):
            # Not from X: nothing in it can be trusted, so nothing is stored.
            logger.warning("x: delivery with a bad signature dropped (%d bytes)", len(body))
            return JsonResponse({"error": "bad signature"}, status=403)
        counts = webhook.receive(body)
        logger.info("x: %s", counts)
        # 200 for everything authentic, malformed included (kept as rejected): X retries anything else.
        return JsonResponse({"ok": True, **counts})
    return HttpResponseNotAllowed(["GET", "POST"])
