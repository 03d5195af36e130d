from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from consolidate.admin_pages import ReadOnlyAdminMixin

from .models import Email
from .services import send_again


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
    actions = ["send_selected_again"]

    @admin.action(
        description=_("Send again (only e-mails interrupted or failed)"), permissions=["resend"]
    )
    def send_selected_again(self, request, queryset):
        ids = send_again(queryset.values_list("pk", flat=True), by=request.user)
        skipped = queryset.count() - len(ids)
        messages.success(request, ngettext(
            "%(count)d e-mail will be sent again.", "%(count)d e-mails will be sent again.",
            len(ids),
        ) % {"count": len(ids)})  # fmt: skip
        if skipped:
            messages.warning(request, ngettext(
                "%(count)d e-mail was left alone: it is sent or still waiting.",
                "%(count)d e-mails were left alone: they are sent or still waiting.", skipped,
            ) % {"count": skipped})  # fmt: skip

    def has_resend_permission(self, request) -> bool:
        # Whoever may send one-off reminders (the coordinators) may send an e-mail again.
        return request.user.has_perm("notifications.send_reminders")
