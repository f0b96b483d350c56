"""Mounted at /federation/v1/ (DESIGN §7: peers talk through signed HTTP requests there)."""

from django.urls import path

from aduan.federation import views

app_name = "federation"

urlpatterns = [
    path("ping", views.ping, name="ping"),
    path("institutions", views.institutions, name="institutions"),
    path("reports", views.reports, name="reports"),
    path("reports/<uuid:global_id>/events", views.events, name="events"),
]
