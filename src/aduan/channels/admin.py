from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from aduan.channels import keys
from aduan.channels.models import ApiKey, ChannelAccount, InboundMessage


@admin.register(ChannelAccount)
class ChannelAccountAdmin(admin.ModelAdmin):
    list_display = ("channel", "address", "institution", "active")
    list_filter = ("channel", "active")
    autocomplete_fields = ("institution",)


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    # The raw payload stays sealed: it may carry an anonymous reporter's number.
    list_display = ("channel", "external_id", "state", "result", "received_at", "report")
    list_filter = ("channel", "state")
    readonly_fields = ("channel", "external_id", "state", "result", "error", "report", "received_at", "processed_at")
    exclude = ("sealed_raw", "sender_index")

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "institution", "active", "created_at", "last_used_at")
    fields = ("name", "institution", "active")
    autocomplete_fields = ("institution",)

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        secret = keys.seal_key(obj)
        super().save_model(request, obj, form, change)
        messages.warning(request, _("Kunci baru (simpan sekarang, tidak ditampilkan lagi): %(key)s") % {"key": secret})
