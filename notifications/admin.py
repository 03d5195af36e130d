from django.contrib import admin

from consolidate.admin_pages import ReadOnlyAdminMixin

from .models import Email


@admin.register(Email)
class EmailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The log of every e-mail the platform has sent or is sending."""

    list_display = ["created_at", "recipient", "kind", "subject", "state", "sent_at", "attempts"]
    list_filter = ["kind", "state", "language"]
    search_fields = ["recipient", "subject", "occasion"]
    date_hierarchy = "created_at"
    fields = ["kind", "occasion", "recipient", "language", "subject", "body", "attachment_name",
              "state", "attempts", "last_error", "created_at", "sent_at"]  # fmt: skip
    readonly_fields = fields
