from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from consolidate.registry import (
            register_attachment,
            register_call_page_box,
            register_call_page_section,
            register_call_records,
            register_personal_data,
            register_reminder,
        )

        from . import call_page, personal_data, records
        from .forms import ApplicationForm
        from .pdf import render_version_receipt
        from .reminders import draft_messages

        register_attachment("receipt", render_version_receipt)
        register_reminder("drafts", draft_messages)
        register_personal_data(
            "applications", export=personal_data.export, erase=personal_data.erase
        )
        register_call_records("applications", records.call_records)
        register_call_page_section(
            "form",
            title=_("What the application form asks"),
            template="applications/_form_summary.html",
            context=lambda call: {"form_fields": list(ApplicationForm(call=call))},
        )
        register_call_page_box(
            "officer", template="applications/_call_standing.html", context=call_page.officer_box
        )
