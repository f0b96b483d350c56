"""Who is calling the API: nobody in particular, a signed-in person (bearer token), or an application (API
key as bearer); and how fast each may call (fixed-window counters in Django's cache).

A missing `Authorization` header is fine (the caller is anonymous and sees what the public sees); a present
but wrong one is refused with 401, so a client never mistakes an expired token for an empty result.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer

from aduan.channels import keys
from aduan.reports.actors import Actor

ANONYMOUS = "anonymous"
USER = "user"
APP = "app"
KEY_PREFIX = "adk_"
MAX_SECRET = 200


class ApiError(HttpError):
    """An error in the API's one shape: `{"error": code, "detail": text}` with an HTTP status."""

    def __init__(self, status: int, code: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(status, detail)
        self.code = code
        self.headers = headers or {}


def unauthorized(code: str, detail: str) -> ApiError:
    return ApiError(401, code, detail, {"WWW-Authenticate": 'Bearer realm="aduan"'})


@dataclass(frozen=True)
class Caller:
    kind: str = ANONYMOUS
    user: Any = None
    key: Any = None  # ApiKey for applications
    ident: str = ""  # what the rate limit counts by

    @property
    def is_user(self) -> bool:
        return self.kind == USER

    @property
    def is_app(self) -> bool:
        return self.kind == APP

    def actor(self) -> Actor:
        """The lifecycle actor for this caller (a reporter's access token is handled per report)."""
        if self.is_user:
            return Actor.for_user(self.user)
        if self.is_app:
            return Actor.channel("app", self.key.institution)
        return Actor()


class Bearer(HttpBearer):
    """`Authorization: Bearer <token>` with a person's token (`adt_…`) or an application's key (`adk_…`).
    Optional: without the header the caller is anonymous."""

    def __call__(self, request: HttpRequest) -> Caller:
        header = request.headers.get("Authorization", "")
        if not header:
            caller = Caller(ident="ip:" + client_ip(request))
            check_rate(caller)
            return caller
        scheme, _sep, secret = header.partition(" ")
        secret = secret.strip()
        if scheme.lower() != "bearer" or not secret:
            raise unauthorized("invalid_auth", _("Gunakan header Authorization: Bearer <token>."))
        try:
            caller = self.authenticate(request, secret)
        except ApiError:
            check_rate(Caller(ident="ip:" + client_ip(request)))  # guessing counts against the address
            raise
        check_rate(caller)
        return caller

    def authenticate(self, request: HttpRequest, token: str) -> Caller:
        if len(token) > MAX_SECRET or not token.isascii():
            raise unauthorized("invalid_token", _("Token tidak valid atau sudah kedaluwarsa."))
        if token.startswith(KEY_PREFIX):
            key = keys.check_key(token)
            if key is None:
                raise unauthorized("invalid_key", _("Kunci API tidak valid atau sudah dinonaktifkan."))
            return Caller(APP, key=key, ident=f"key:{key.pk}")
        found = keys.check_token(token)
        if found is None:
            raise unauthorized("invalid_token", _("Token tidak valid atau sudah kedaluwarsa."))
        return Caller(USER, user=found.user, ident=f"token:{found.pk}")


def client_ip(request: HttpRequest) -> str:
    """The caller's address; behind N trusted proxies (ADUAN_API_PROXIES), the Nth from the right in
    X-Forwarded-For — never the leftmost, which the client writes itself."""
    proxies = settings.ADUAN_API_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))][:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


PERIODS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "120/min" → (120, 60). "0/…" or an empty rate turns the limit off."""
    if not rate:
        return 0, 1
    count, _sep, period = rate.partition("/")
    return int(count), PERIODS[period.strip().lower() or "min"]


def check_rate(caller: Caller) -> None:
    """A fixed-window counter per caller: per IP address for anonymous callers (ADUAN_API_RATE), per token
    or key for authenticated ones (ADUAN_API_TOKEN_RATE). `cache.add` + `cache.incr` are atomic in Redis,
    so many server processes share one count when ADUAN_REDIS_URL is set; with the default local-memory
    cache each process counts on its own. Over the limit: 429 with Retry-After."""
    limit, period = parse_rate(settings.ADUAN_API_RATE if caller.kind == ANONYMOUS else settings.ADUAN_API_TOKEN_RATE)
    if limit <= 0:
        return
    now = time.time()
    window = int(now // period)
    key = f"aduan-api-rate:{caller.ident}:{period}:{window}"
    if cache.add(key, 1, timeout=period + 1):
        return
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=period + 1)
        return
    if count > limit:
        wait = max(1, math.ceil((window + 1) * period - now))
        raise ApiError(
            429,
            "rate_limited",
            _("Terlalu banyak permintaan. Coba lagi dalam %(n)d detik.") % {"n": wait},
            {"Retry-After": str(wait)},
        )
