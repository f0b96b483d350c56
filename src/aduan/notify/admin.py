from django.contrib import admin

from aduan.notify.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["report", "kind", "audience", "channel", "state", "attempts", "next_attempt_at"]
    list_filter = ["state", "channel", "audience"]
    raw_id_fields = ["report", "institution", "user"]
    show_full_result_count = False
