from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "aduan.core"
    label = "core"

    def ready(self) -> None:
        from aduan.core import signals  # noqa: F401  (connects the receivers)
