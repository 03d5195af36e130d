from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from consolidate import admin_app_list

# The admin login goes through allauth, so it gets the same rate limits and e-mail checks.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Cities Helping Cities: staff")
admin.site.site_title = _("Cities Helping Cities")
admin.site.index_title = _("Calls, applications, reviews and visits")
admin_app_list.install(admin.site)  # the sidebar and index, built once per role and language

urlpatterns = [
    path("admin/dashboards/", include("dashboards.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("people.login")),  # allauth's login, with a 429 at the limit
    path("accounts/", include("allauth.urls")),
    path("applications/", include("applications.urls")),
    path("decisions/", include("reviews.urls")),
    path("visits/", include("visits.urls")),
    path("", include("people.urls")),  # before i18n/: its set_language stores the choice
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("calls.urls")),
]

handler500 = "consolidate.security.server_error"
