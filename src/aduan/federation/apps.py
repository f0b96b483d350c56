from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    # Federation between Aduan instances (docs/federation.md): identity, peers, their institution trees,
    # which reports cross which border, and the outbox of deliveries to peers.
    name = "aduan.federation"
    label = "federation"
    verbose_name = _("Federasi")
    default_auto_field = "django.db.models.BigAutoField"
