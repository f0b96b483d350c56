from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmailChannelConfig(AppConfig):
    # Its own app only for the staff digest's small record (DigestSent) and its commands (smtpd, digest).
    name = "aduan.channels.email"
    label = "email_channel"
    verbose_name = _("Kanal email")
    default_auto_field = "django.db.models.BigAutoField"
