"""The login page, answering 429 when the failed-login limit is reached.

The limits themselves are allauth's (settings.ACCOUNT_RATE_LIMITS["login_failed"]): failures are
counted per account (the e-mail address tried) and, with a much higher ceiling, per address,
so one person's wrong passwords lock only that account, not a colleague behind the same
town-hall address; a correct password does not count. This view only sets the status code, so
that clients and monitoring see "Too Many Requests", not a page that looks like a typo.
"""

from allauth.account.views import LoginView as AllauthLoginView
from django.forms.forms import NON_FIELD_ERRORS
from django.urls import path

LIMITED = "too_many_login_attempts"


class LoginView(AllauthLoginView):
    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code=LIMITED):
            response.status_code = 429
        return response


# Included before allauth's own URLs (consolidate/urls.py), under the same name.
urlpatterns = [path("login/", LoginView.as_view(), name="account_login")]
