"""Mounted at /kantor/federasi/ (the back office)."""

from django.urls import path

from aduan.federation import office

app_name = "federation_office"

urlpatterns = [
    path("", office.peers, name="peers"),
    path("teruskan/<str:code>/", office.forward, name="forward"),
]
