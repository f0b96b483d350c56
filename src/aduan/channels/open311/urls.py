"""Open311 GeoReport v2 under /open311/v2/ (DESIGN §7).

Every path answers with or without its format extension and with or without a trailing slash, so a POST
never meets APPEND_SLASH's redirect (which old clients turn into a GET)."""

from django.urls import re_path

from aduan.channels.open311 import views

FMT = r"(?:\.(?P<fmt>[A-Za-z0-9]+))?/?$"

urlpatterns = [
    re_path(r"^$", views.discovery, name="open311-root"),
    re_path(r"^discovery" + FMT, views.discovery, name="open311-discovery"),
    re_path(r"^services" + FMT, views.services, name="open311-services"),
    # `service/{code}` (singular) is what old clients ask for; the specification says `services/{code}`.
    re_path(r"^services?/(?P<code>[^/.]+)" + FMT, views.service_definition, name="open311-service"),
    re_path(r"^requests" + FMT, views.requests, name="open311-requests"),
    re_path(r"^requests/(?P<code>[^/.]+)" + FMT, views.request_by_id, name="open311-request"),
    re_path(r"^tokens/(?P<token>[^/.]+)" + FMT, views.token, name="open311-token"),
    re_path(r"^servicerequestupdates" + FMT, views.updates, name="open311-updates"),
]
