from django.urls import re_path

from aduan.opendata import views

urlpatterns = [
    re_path(r"^(?P<dataset>[a-z]+)\.(?P<fmt>[a-z]+)$", views.download, name="open-data-file"),
]
