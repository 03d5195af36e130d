import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consolidate.settings")

app = Celery("consolidate")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
