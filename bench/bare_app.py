"""The issue's yardstick: a bare Django view that validates a JSON body and inserts one row.

Served by gunicorn exactly like `aduan serve` (gthread, same workers and threads) against the same
database, so `bench/api.py` can print the API's create rate as a share of what bare Django reaches on
this machine at this moment. One file: settings, view and WSGI application.
"""

from __future__ import annotations

import json
import os

import dj_database_url
import django
from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

REQUIRED = ("classification", "title", "body")


def create(request: HttpRequest) -> HttpResponse:
    try:
        data = json.loads(request.body)
    except ValueError:
        return JsonResponse({"error": "invalid_json"}, status=400)
    if not isinstance(data, dict) or any(not isinstance(data.get(k), str) or not data[k] for k in REQUIRED):
        return JsonResponse({"error": "invalid"}, status=422)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bare_report (classification, title, body) VALUES (%s, %s, %s)",
            [data["classification"][:24], data["title"][:200], data["body"]],
        )
    return JsonResponse({"ok": True}, status=201)


def _database() -> dict:
    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    if config["ENGINE"].endswith("sqlite3"):
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        config["CONN_MAX_AGE"] = 300
    else:
        config["OPTIONS"] = {"pool": {"min_size": 1, "max_size": 10}}
    return config


settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    SECRET_KEY="bench-only",
    DATABASES={"default": _database()},
    MIDDLEWARE=["django.middleware.common.CommonMiddleware"],
    USE_TZ=True,
)
django.setup()
urlpatterns = [path("bare", create)]

from django.core.wsgi import get_wsgi_application  # noqa: E402 (after settings)

application = get_wsgi_application()

CREATE_TABLE = {
    "sqlite": "CREATE TABLE IF NOT EXISTS bare_report (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "classification TEXT, title TEXT, body TEXT)",
    "postgresql": "CREATE TABLE IF NOT EXISTS bare_report (id BIGSERIAL PRIMARY KEY, "
    "classification VARCHAR(24), title VARCHAR(200), body TEXT)",
}

with connection.cursor() as _cursor:
    _cursor.execute(CREATE_TABLE[connection.vendor])
connection.close()
