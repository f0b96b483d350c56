"""The WhatsApp sender the delivery worker calls for notifications to reporters who came by WhatsApp.

A free-form text may only be sent within 24 hours of the reporter's last message (WhatsApp's customer
service window). Later, a pre-approved template (`ADUAN_WHATSAPP_TEMPLATE`) carries the text if one is
configured; without one, the text is tried anyway and Meta's refusal fails the notification (the
reporter still hears by e-mail when they gave an address).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from aduan.channels.models import InboundMessage
from aduan.channels.whatsapp import graph
from aduan.notify.senders import Outgoing, PermanentFailure, TemporaryFailure, register
from aduan.reports.lifecycle.intake import sender_index

SERVICE_WINDOW = timedelta(hours=24)


def window_open(to: str) -> bool:
    """Whether the reporter wrote to us in the last 24 hours."""
    since = timezone.now() - SERVICE_WINDOW
    index = sender_index("whatsapp", to)
    return InboundMessage.objects.filter(channel="whatsapp", sender_index=index, received_at__gte=since).exists()


@register("whatsapp")
def send(message: Outgoing) -> str:
    if not graph.configured():
        raise TemporaryFailure("WhatsApp is not configured (ADUAN_WHATSAPP_TOKEN, ADUAN_WHATSAPP_PHONE_NUMBER_ID)")
    to = message.to[0]
    try:
        if settings.ADUAN_WHATSAPP_TEMPLATE and not window_open(to):
            return graph.send_template(
                to, settings.ADUAN_WHATSAPP_TEMPLATE, settings.ADUAN_WHATSAPP_TEMPLATE_LANGUAGE, message.text
            )
        return graph.send_text(to, message.text)
    except graph.GraphError as exc:
        if exc.temporary:
            raise TemporaryFailure(str(exc)) from exc
        raise PermanentFailure(str(exc)) from exc
