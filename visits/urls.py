from django.urls import path

from . import views
from .claims import views as claims

app_name = "visits"
urlpatterns = [
    path("", views.my_visits, name="mine"),
    path("hosted/<slug:slug>/", views.hosted, name="hosted"),
    path("offline-worker.js", views.service_worker, name="service_worker"),
    path("calendar/<str:token>.ics", views.calendar, name="calendar"),
    path("calendar/renew/", views.renew_feed, name="renew_calendar"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("<int:pk>/proposal/", views.proposal, name="proposal"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
    path("<int:pk>/claim/", claims.claim_page, name="claim"),
    path("<int:pk>/claim.pdf", claims.claim_pdf, name="claim_pdf"),
    path("<int:pk>/claim/expenses/new/", claims.expense_new, name="claim_expense_new"),
    path("<int:pk>/claim/expenses/<int:line>/", claims.expense_edit, name="claim_expense_edit"),
    path(
        "<int:pk>/claim/expenses/<int:line>/delete/",
        claims.expense_delete,
        name="claim_expense_delete",
    ),
    path("<int:pk>/claim/expenses/<int:line>/receipt/", claims.receipt, name="claim_receipt"),
]
