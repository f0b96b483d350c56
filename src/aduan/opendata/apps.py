from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "aduan.opendata"
    label = "opendata"
