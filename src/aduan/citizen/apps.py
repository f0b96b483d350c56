from django.apps import AppConfig


class CitizenConfig(AppConfig):
    name = "aduan.citizen"
    label = "citizen"
