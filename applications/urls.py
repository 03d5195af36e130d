from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("", views.my_applications, name="mine"),
    path("start/<slug:slug>/", views.start, name="start"),
    path("<slug:slug>/", views.edit, name="edit"),
    path("<slug:slug>/submitted/", views.submitted, name="submitted"),
    path("<slug:slug>/autosave/", views.autosave, name="autosave"),
    path("<slug:slug>/withdraw/", views.withdraw, name="withdraw"),
    path("<slug:slug>/delete/", views.delete, name="delete"),
    path("<slug:slug>/receipt.pdf", views.receipt, name="receipt"),
]
