from django.contrib import admin

from .admin_pages import ReadOnlyAdminMixin
from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail, read only: nobody edits what was decided."""

    list_display = ["at", "actor_label", "action", "object_label", "subject"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_label", "actor_label", "subject", "action"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    date_hierarchy = "at"
