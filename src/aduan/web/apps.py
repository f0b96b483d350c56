from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "aduan.web"
    label = "web"
