from django.urls import path

from . import views

app_name = "visits"
urlpatterns = [
    path("", views.my_visits, name="mine"),
    path("hosted/<slug:slug>/", views.hosted, name="hosted"),
    path("calendar/<str:token>.ics", views.calendar, name="calendar"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("<int:pk>/proposal/", views.proposal, name="proposal"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
]
