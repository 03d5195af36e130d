from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("account/my-data.json", views.my_data, name="my_data"),
    path("account/delete/", views.delete_my_account, name="delete_account"),
    path("account/language/", views.preferences, name="preferences"),
    # Django's set_language at its own address (consolidate/urls.py), storing a person's choice.
    path("i18n/setlang/", views.set_language, name="set_language"),
]
