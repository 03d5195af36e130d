from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("account/my-data.json", views.my_data, name="my_data"),
    path("account/delete/", views.delete_my_account, name="delete_account"),
]
