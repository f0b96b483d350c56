"""Operators' view of reports in Django's admin: read-only, because only `reports.lifecycle` changes a report."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from aduan.reports.models import Assignment, Attachment, Category, IdentityReveal, Report, ReportEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EventInline(admin.TabularInline):
    model = ReportEvent
    fields = ["seq", "kind", "audience", "actor_kind", "actor_label", "created_at", "status_after", "public_text"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "status", "classification", "institution", "due_at", "submitted_at"]
    list_filter = ["status", "classification", "channel", "anonymous", "confidential"]
    search_fields = ["code", "title"]
    # The reporter's identity is deliberately absent: it is read through the back office's rules.
    exclude = ["reporter", "access_token_hash"]
    raw_id_fields = [
        "category",
        "region",
        "suggested_institution",
        "institution",
        "unit",
        "intake_institution",
        "merged_into",
        "reporter_user",
    ]
    inlines = [EventInline]
    show_full_result_count = False
    list_select_related = ["institution"]


@admin.register(ReportEvent)
class ReportEventAdmin(ReadOnlyAdmin):
    list_display = ["report", "seq", "kind", "actor_kind", "created_at", "status_after"]
    list_filter = ["kind", "actor_kind"]
    raw_id_fields = ["report"]
    show_full_result_count = False


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["report", "institution", "level", "started_at", "ended_at", "end_reason"]
    raw_id_fields = ["report", "institution"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["report", "original_name", "content_type", "size", "created_at"]
    raw_id_fields = ["report"]


@admin.register(IdentityReveal)
class IdentityRevealAdmin(ReadOnlyAdmin):
    list_display = ["report", "user", "created_at", "reason"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "parent", "active"]
    list_filter = ["active", "parent"]
    search_fields = ["code", "name"]
