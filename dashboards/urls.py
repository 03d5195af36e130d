from django.contrib import admin
from django.urls import path

from . import views

app_name = "dashboards"

# Inside the admin's address space (/admin/dashboards/): the staff's second factor applies.
urlpatterns = [
    path("call/<int:call_id>/", admin.site.admin_view(views.call_dashboard), name="call"),
    path(
        "call/<int:call_id>/<slug:table>.csv",
        admin.site.admin_view(views.export),
        name="export",
    ),
]
