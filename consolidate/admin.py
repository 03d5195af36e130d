from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail, read only: nobody edits what was decided."""

    list_display = ["at", "actor_label", "action", "object_label", "subject"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_label", "actor_label", "subject", "action"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
