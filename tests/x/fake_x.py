"""A local stand-in for the X API v2, speaking its documented formats.

- `POST /2/tweets` (OAuth 1.0a user context, signature checked): `{"text", "reply": {"in_reply_to_tweet_id"}}`
  → 201 `{"data": {"id", "text", "edit_history_tweet_ids"}}`.
- `GET /2/users/:id/mentions` (app bearer token): newest first, `since_id` exclusive, `max_results`,
  `{"data": [...], "includes": {"users": [...]}, "meta": {"result_count", "newest_id", "oldest_id"}}`.
- `GET /2/users/by/username/:username` (bearer): `{"data": {"id", "name", "username"}}`.
Errors are v2 problems: `{"title", "detail", "type", "status"}`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import re
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class XState:
    consumer_key: str
    consumer_secret: str
    access_token: str
    access_secret: str
    bearer: str
    account_id: str
    account_name: str
    posts: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    users: dict[str, dict[str, str]] = field(default_factory=dict)
    mention_queries: list[dict[str, str]] = field(default_factory=list)
    fail_next: list[int] = field(default_factory=list)
    port: int = 0
    ids: Any = field(default_factory=lambda: itertools.count(1))

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _enc(value: str) -> str:
    return urllib.parse.quote(value, safe="~")


def oauth_valid(state: XState, method: str, url: str, header: str) -> bool:
    """Recompute the HMAC-SHA1 signature the way RFC 5849 §3.4 describes."""
    if not header.startswith("OAuth "):
        return False
    params = dict(re.findall(r'(\w+)="([^"]*)"', header))
    params = {urllib.parse.unquote(k): urllib.parse.unquote(v) for k, v in params.items()}
    signature = params.pop("oauth_signature", "")
    if params.get("oauth_consumer_key") != state.consumer_key or params.get("oauth_token") != state.access_token:
        return False
    parsed = urllib.parse.urlsplit(url)
    pairs = [*params.items(), *urllib.parse.parse_qsl(parsed.query)]
    normalized = "&".join(f"{k}={v}" for k, v in sorted((_enc(k), _enc(v)) for k, v in pairs))
    base_url = f"{parsed.scheme}://{parsed.netloc}{parsed.path}"
    base = f"{method}&{_enc(base_url)}&{_enc(normalized)}"
    key = f"{_enc(state.consumer_secret)}&{_enc(state.access_secret)}"
    expected = base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()).decode()
    return hmac.compare_digest(expected, signature)


def handler_for(state: XState) -> type[BaseHTTPRequestHandler]:
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

        def _problem(self, status: int, title: str, detail: str) -> None:
            self._json(status, {"title": title, "detail": detail, "type": "about:blank", "status": status})

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path != "/2/tweets":
                self._problem(404, "Not Found", self.path)
                return
            if not oauth_valid(state, "POST", f"{state.base}{self.path}", self.headers.get("Authorization", "")):
                self._problem(401, "Unauthorized", "Unauthorized")
                return
            if state.fail_next:
                status = state.fail_next.pop(0)
                self._problem(status, "Failure", "Simulated failure")
                return
            body = json.loads(raw)
            if not isinstance(body.get("text"), str) or len(body["text"]) > 280:
                self._problem(400, "Invalid Request", "text")
                return
            if any(p["text"] == body["text"] for p in state.posts):
                self._problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.")
                return
            post_id = str(1900000000000000000 + next(state.ids))
            state.posts.append({**body, "id": post_id})
            self._json(201, {"data": {"id": post_id, "text": body["text"], "edit_history_tweet_ids": [post_id]}})

        def do_GET(self) -> None:
            if self.headers.get("Authorization") != f"Bearer {state.bearer}":
                self._problem(401, "Unauthorized", "Unauthorized")
                return
            parsed = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(parsed.query))
            if match := re.fullmatch(r"/2/users/by/username/(\w+)", parsed.path):
                if match.group(1).lower() != state.account_name.lower():
                    self._json(200, {"errors": [{"title": "Not Found Error"}]})
                    return
                self._json(200, {"data": {"id": state.account_id, "name": "Aduan", "username": state.account_name}})
                return
            if match := re.fullmatch(r"/2/users/(\d+)/mentions", parsed.path):
                state.mention_queries.append(query)
                since = int(query.get("since_id") or 0)
                found = sorted((m for m in state.mentions if int(m["id"]) > since), key=lambda m: -int(m["id"]))
                found = found[: int(query.get("max_results") or 10)]
                if not found:
                    self._json(200, {"meta": {"result_count": 0}})
                    return
                authors = {m["author_id"] for m in found}
                self._json(
                    200,
                    {
                        "data": found,
                        "includes": {"users": [state.users[a] for a in authors if a in state.users]},
                        "meta": {"result_count": len(found), "newest_id": found[0]["id"], "oldest_id": found[-1]["id"]},
                    },
                )
                return
            self._problem(404, "Not Found", parsed.path)

    return Handler


def start(state: XState) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(state))
    state.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
