from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "aduan.notify"
    label = "notify"
