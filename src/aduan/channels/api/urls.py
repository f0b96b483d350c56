"""URLs of the api channel: ninja's operations (each answer in the API's error shape), its OpenAPI document
at /api/v1/openapi.json and docs at /api/v1/docs, and a JSON 404 for any other path under /api/v1/."""

from django.urls import re_path

from aduan.channels.api.api import api
from aduan.channels.api.errors import json_errors, not_found

patterns, _app, _namespace = api.urls
app_name = "api"  # ninja reverses its own URLs (the OpenAPI document) in this namespace
for pattern in patterns:
    pattern.callback = json_errors(pattern.callback)

urlpatterns: list = [*patterns, re_path(r"^.*$", not_found)]
