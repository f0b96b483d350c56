from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "aduan.stats"
    label = "stats"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from aduan.institutions.models import Institution
        from aduan.reports.models import Category
        from aduan.stats.facts import clear_caches

        def changed(**_kwargs: object) -> None:
            clear_caches()

        # The facts cache categories' parents and institutions' owners per process.
        for model in (Category, Institution):
            post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"stats-{model.__name__}")
            post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"stats-{model.__name__}-delete")
