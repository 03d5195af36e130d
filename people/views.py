import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from consolidate.page_cache import cache_for_anonymous

from .forms import PreferencesForm
from .languages import set_language_cookie
from .models import Preferences
from .preferences import LANGUAGE_CODES, preferences_of, remember, valid_language
from .services import erase_account, export_personal_data
from .verified import verified_email_required


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


@csrf_exempt  # for anonymous visitors only: see below
@require_POST
def set_language(request):
    """Django's ``set_language``; a signed-in person's choice is also stored with them, so their
    e-mails and documents follow it and their next log-in, on any device, starts in it.

    Anonymous pages are served from the cache, the same for every visitor, so their menu carries
    no per-visitor token: for an anonymous visitor the post only sets the language cookie (all a
    forged post could do too). A signed-in person's post is checked for its token, as any other,
    before their choice is stored."""
    if request.user.is_authenticated:
        refused = CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})
        if refused is not None:
            return refused
    language = request.POST.get("language")
    if request.user.is_authenticated and language in LANGUAGE_CODES:
        remember(request.user, language=language)
    return i18n.set_language(request)


@login_required
def preferences(request):
    """The person's language and time zone."""
    chosen = preferences_of(request.user) or Preferences(
        user=request.user, language=valid_language(get_language()), time_zone=settings.TIME_ZONE
    )
    form = PreferencesForm(request.POST or None, instance=chosen)
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        remember(request.user, language=language, time_zone=form.cleaned_data["time_zone"])
        with override(language):
            messages.success(request, _("Your language and time zone are saved."))
        response = redirect("people:preferences")
        set_language_cookie(response, language)
        return response
    status = 400 if form.is_bound else 200
    return render(request, "people/preferences.html", {"form": form}, status=status)
