"""A local stand-in for Meta's Graph API (WhatsApp Business Cloud), speaking its documented formats.

- `POST /v21.0/{phone-number-id}/messages` (Bearer token): records the message and answers
  `{"messaging_product": "whatsapp", "contacts": [{"input", "wa_id"}], "messages": [{"id": "wamid…"}]}`.
- `GET /v21.0/{media-id}` (Bearer token): `{"messaging_product", "url", "mime_type", "sha256", "file_size", "id"}`.
- `GET /media/{media-id}` (Bearer token, the `url` above): the file's bytes.
Errors are Graph's `{"error": {"message", "type", "code", "fbtrace_id"}}`.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

VERSION = "v21.0"


@dataclass
class GraphState:
    token: str
    phone_number_id: str
    sent: list[dict[str, Any]] = field(default_factory=list)
    media: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    media_requests: list[str] = field(default_factory=list)
    fail_next: list[int] = field(default_factory=list)
    port: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/{VERSION}"

    def texts_to(self, wa_id: str) -> list[str]:
        return [m["text"]["body"] for m in self.sent if m.get("to") == wa_id and m.get("type") == "text"]


def handler_for(state: GraphState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _json(self, status: int, data: dict[str, Any]) -> None:
            body = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _error(self, status: int, message: str, code: int) -> None:
            self._json(
                status, {"error": {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbCdEf"}}
            )

        def _authorized(self) -> bool:
            if self.headers.get("Authorization") != f"Bearer {state.token}":
                self._error(401, "Invalid OAuth access token.", 190)
                return False
            return True

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if not self._authorized():
                return
            if self.path != f"/{VERSION}/{state.phone_number_id}/messages":
                self._error(404, "Unknown path", 100)
                return
            with state.lock:
                failure = state.fail_next.pop(0) if state.fail_next else None
            if failure:
                self._error(failure, "Simulated failure", 131000 if failure >= 500 else 131026)
                return
            try:
                body = json.loads(raw)
            except ValueError:
                self._error(400, "Invalid JSON", 100)
                return
            if (
                body.get("messaging_product") != "whatsapp"
                or not body.get("to")
                or body.get("type") not in ("text", "template")
            ):
                self._error(400, "(#100) Invalid parameter", 100)
                return
            with state.lock:
                state.sent.append(body)
                wamid = f"wamid.FAKE{len(state.sent):06d}"
            self._json(
                200,
                {
                    "messaging_product": "whatsapp",
                    "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                    "messages": [{"id": wamid}],
                },
            )

        def do_GET(self) -> None:
            if not self._authorized():
                return
            if match := re.fullmatch(rf"/{VERSION}/(\d+)", self.path):
                media_id = match.group(1)
                if media_id not in state.media:
                    self._error(404, "Unsupported get request.", 100)
                    return
                data, mime = state.media[media_id]
                self._json(
                    200,
                    {
                        "messaging_product": "whatsapp",
                        "url": f"http://127.0.0.1:{state.port}/media/{media_id}?ext=1",
                        "mime_type": mime,
                        "sha256": hashlib.sha256(data).hexdigest(),
                        "file_size": len(data),
                        "id": media_id,
                    },
                )
                return
            if match := re.fullmatch(r"/media/(\d+)\?ext=1", self.path):
                data, mime = state.media[match.group(1)]
                state.media_requests.append(match.group(1))
                self.send_response(200)
                self.send_header("Content-Type", mime)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            self._error(404, "Unknown path", 100)

    return Handler


def start(state: GraphState) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(state))
    state.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
