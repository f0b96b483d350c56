"""Notifications out through Kannel's sendsms (DESIGN §7), with a delivery report asked for each one.

`ADUAN_KANNEL_SENDSMS_URL` is the full sendsms URL with the sendsms-user's username and password in it,
e.g. `http://127.0.0.1:13013/cgi-bin/sendsms?username=aduan&password=…`. The notification's own id is the
provider id: the `dlr-url` carries it back, and it is stored on the row before Kannel is called, because
Kannel may report delivery before the worker has written the result of the call.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from aduan.channels.kannel import gsm
from aduan.channels.models import InboundMessage
from aduan.notify.models import Notification
from aduan.notify.senders import Outgoing, PermanentFailure, TemporaryFailure, register

DLR_MASK = 31  # delivered, undelivered, queued at the SMSC, accepted by the SMSC, rejected by the SMSC


def callback_url(path: str, **params: str) -> str:
    """An address under /channels/kannel/ as Kannel reaches it, with the shared secret when one is set."""
    base = (getattr(settings, "ADUAN_KANNEL_CALLBACK_URL", "") or settings.BASE_URL).rstrip("/")
    token = getattr(settings, "ADUAN_KANNEL_RECEIVE_TOKEN", "")
    query = "&".join(f"{key}={value}" for key, value in params.items())
    if token:
        query += "&token=" + urllib.parse.quote(token, safe="")
    return f"{base}/channels/kannel/{path}?{query}"


def dlr_url(notification_id: int) -> str:
    # %d status, %A the SMSC's answer, %T its time: Kannel fills them in (they must reach it unescaped).
    return callback_url("dlr", id=str(notification_id), status="%d", answer="%A", ts="%T")


def sender_number(notification: Notification) -> str:
    """The number the reporter wrote to (an institution's own number), else the instance's number."""
    address = (
        InboundMessage.objects.filter(report_id=notification.report_id, channel="sms", account__isnull=False)
        .order_by("pk")
        .values_list("account__address", flat=True)
        .first()
    )
    return address or getattr(settings, "ADUAN_SMS_NUMBER", "")


def query(to: str, text: str, sender: str, notification_id: int) -> dict[str, str]:
    params = {"to": to, "text": text, "charset": "UTF-8"}
    params.update({"dlr-mask": str(DLR_MASK), "dlr-url": dlr_url(notification_id)})
    if sender:
        params["from"] = sender
    if not gsm.is_gsm7(text):
        params["coding"] = "2"
    return params


@register("sms")
def send(message: Outgoing) -> str:
    base = getattr(settings, "ADUAN_KANNEL_SENDSMS_URL", "")
    if not base:
        raise TemporaryFailure("ADUAN_KANNEL_SENDSMS_URL is not set")
    notification = message.notification
    provider_id = str(notification.pk)
    text = gsm.fit(" ".join(message.text.split()), getattr(settings, "ADUAN_KANNEL_MAX_MESSAGES", 3))
    params = query(" ".join(message.to), text, sender_number(notification), notification.pk)
    Notification.objects.filter(pk=notification.pk).update(provider_id=provider_id)
    separator = "&" if urllib.parse.urlsplit(base).query else ("" if base.endswith("?") else "?")
    url = base + separator + urllib.parse.urlencode(params, quote_via=urllib.parse.quote)
    try:
        with urllib.request.urlopen(url, timeout=getattr(settings, "ADUAN_KANNEL_TIMEOUT", 10)) as response:  # noqa: S310 (operator's URL)
            response.read(1000)
    except urllib.error.HTTPError as exc:
        detail = f"Kannel sendsms {exc.code}: {exc.read(300).decode('utf-8', 'replace').strip()}"
        if 400 <= exc.code < 500:
            raise PermanentFailure(detail) from exc
        raise TemporaryFailure(detail) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise TemporaryFailure(f"Kannel sendsms unreachable: {exc}") from exc
    return provider_id
