from django.db import connection
from django.shortcuts import render
from django.urls import path


def floor(request):
    """One query (a call's title by its slug) rendered through a tiny template."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT title FROM calls_call WHERE slug = %s", ["bench-large"])
        row = cursor.fetchone()
    return render(request, "floor.html", {"title": row[0] if row else ""})


urlpatterns = [path("", floor)]
