from django.contrib import admin

from aduan.institutions.models import Institution, Membership, Region


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "code", "short_name"]
    raw_id_fields = ["parent", "region"]
    readonly_fields = ["path"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "institution", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "institution__name"]
    raw_id_fields = ["user", "institution"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "population"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
    show_full_result_count = False
