from django.contrib import admin

from aduan.backoffice.models import Invitation, ResponseTemplate, SavedView


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(admin.ModelAdmin):
    list_display = ("title", "institution")
    search_fields = ("title", "institution__name")
    raw_id_fields = ("institution",)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "institution", "role", "created_at", "expires_at", "accepted_at")
    list_filter = ("role",)
    search_fields = ("email",)
    raw_id_fields = ("institution", "invited_by", "accepted_user")

    def has_add_permission(self, request) -> bool:
        return False  # invitations are made at /kantor/undang/, which also sends the e-mail


@admin.register(SavedView)
class SavedViewAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "querystring")
    raw_id_fields = ("user",)
