import json

from allauth.account.decorators import verified_email_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from consolidate.page_cache import cache_for_anonymous

from .services import erase_account, export_personal_data


def accessibility(request):
    page = render(request, "people/accessibility.html")
    return cache_for_anonymous(page, settings.ANONYMOUS_PAGE_SECONDS)


def privacy(request):
    page = render(request, "people/privacy.html")
    return cache_for_anonymous(page, settings.ANONYMOUS_PAGE_SECONDS)


@verified_email_required
def my_data(request):
    """Everything we hold about the person, as JSON (their right of access)."""
    data = export_personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder),
        content_type="application/json",
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@verified_email_required
def delete_my_account(request):
    if request.method == "POST":
        if not request.user.check_password(request.POST.get("password", "")):
            messages.error(request, _("That is not your password; nothing was deleted."))
            return render(request, "people/delete_account.html", status=400)
        user = request.user
        logout(request)
        erase_account(user)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("calls:list")
    return render(request, "people/delete_account.html")
