from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "aduan.search"
    label = "search"
    verbose_name = "Pencarian"
    default_auto_field = "django.db.models.BigAutoField"
