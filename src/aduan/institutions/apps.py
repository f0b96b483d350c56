from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "aduan.institutions"
    label = "institutions"
