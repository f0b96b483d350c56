"""A small client for the parts of Meta's Graph API that WhatsApp Business Cloud uses here.

Sending a message: `POST {base}/{phone-number-id}/messages` with a bearer token; the answer names the new
message (`messages[0].id`, a "wamid"). Media: `GET {base}/{media-id}` answers with a short-lived `url`,
which is fetched with the same bearer token. Only the standard library is used (urllib).
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings

logger = logging.getLogger("aduan.whatsapp")
TIMEOUT = 15
MAX_MEDIA_BYTES_FALLBACK = 25 * 1024 * 1024


class GraphError(Exception):
    """A failed Graph API call. `temporary` is True for what may work later (5xx, 429, network)."""

    def __init__(self, message: str, *, status: int = 0, code: int | None = None, temporary: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.temporary = temporary


def configured() -> bool:
    return bool(settings.ADUAN_WHATSAPP_TOKEN and settings.ADUAN_WHATSAPP_PHONE_NUMBER_ID)


def _request(method: str, url: str, body: dict[str, Any] | None = None) -> urllib.request.Request:
    headers = {"Authorization": f"Bearer {settings.ADUAN_WHATSAPP_TOKEN}"}
    data = None
    if body is not None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers["Content-Type"] = "application/json"
    # URLs are the configured https base or the https media URL Meta gives (checked in download_media).
    return urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310


def _open(request: urllib.request.Request, limit: int | None = None) -> tuple[bytes, str]:
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (see _request)
            data = response.read(limit + 1) if limit else response.read()
            return data, response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        raise _graph_error(exc) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise GraphError(f"Graph API unreachable: {exc}", temporary=True) from exc


def _graph_error(exc: urllib.error.HTTPError) -> GraphError:
    """Graph errors come as {"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}."""
    try:
        detail = json.loads(exc.read() or b"{}").get("error") or {}
    except (ValueError, AttributeError):
        detail = {}
    code = detail.get("code") if isinstance(detail, dict) else None
    message = detail.get("message", "") if isinstance(detail, dict) else ""
    # 429 and Graph's throttling codes (4, 80007, 130429, 131048, 131056) clear up with time.
    throttled = exc.code == 429 or code in {4, 80007, 130429, 131048, 131056}
    return GraphError(
        f"Graph API {exc.code} (code {code}): {message}".strip(),
        status=exc.code,
        code=code,
        temporary=exc.code >= 500 or throttled,
    )


def send(payload: dict[str, Any]) -> str:
    """POST one message; returns its wamid."""
    base = settings.ADUAN_WHATSAPP_API_BASE
    url = f"{base}/{settings.ADUAN_WHATSAPP_PHONE_NUMBER_ID}/messages"
    data, _type = _open(_request("POST", url, {"messaging_product": "whatsapp", **payload}))
    try:
        return str(json.loads(data)["messages"][0]["id"])
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise GraphError("Graph API answered without a message id", temporary=True) from exc


def wa_id(number: str) -> str:
    """WhatsApp ids are the number's digits with the country code, no "+" (6281234567890)."""
    return "".join(ch for ch in number if ch.isdigit())


def send_text(to: str, text: str) -> str:
    # WhatsApp text bodies hold up to 4096 characters.
    body = text if len(text) <= 4096 else text[:4095] + "…"
    return send({"recipient_type": "individual", "to": wa_id(to), "type": "text", "text": {"body": body}})


def send_template(to: str, name: str, language: str, text: str) -> str:
    """A pre-approved template with one body parameter: the only kind of message allowed outside the
    24-hour customer service window. Parameters may not hold newlines, tabs or runs of spaces."""
    flat = " · ".join(line.strip() for line in text.splitlines() if line.strip())[:1024]
    return send(
        {
            "recipient_type": "individual",
            "to": wa_id(to),
            "type": "template",
            "template": {
                "name": name,
                "language": {"code": language},
                "components": [{"type": "body", "parameters": [{"type": "text", "text": flat}]}],
            },
        }
    )


def download_media(media_id: str) -> tuple[bytes, str]:
    """The bytes and content type of an uploaded media object (two calls: its URL, then the file)."""
    limit = max(
        getattr(settings, "ADUAN_MAX_ATTACHMENT_BYTES", MAX_MEDIA_BYTES_FALLBACK),
        getattr(settings, "ADUAN_MAX_VIDEO_BYTES", MAX_MEDIA_BYTES_FALLBACK),
    )
    data, _type = _open(_request("GET", f"{settings.ADUAN_WHATSAPP_API_BASE}/{media_id}"))
    try:
        info = json.loads(data)
        url = str(info["url"])
    except (ValueError, KeyError, TypeError) as exc:
        raise GraphError("Graph API media answer has no url") from exc
    if not url.startswith(("https://", "http://")):
        raise GraphError("Graph API media url is not http(s)")
    content, content_type = _open(_request("GET", url), limit=limit)
    return content, info.get("mime_type") or content_type
