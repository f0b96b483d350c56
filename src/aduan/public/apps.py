from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "aduan.public"
    label = "public"
