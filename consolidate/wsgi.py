import os

from django.core.wsgi import get_wsgi_application

from consolidate.warm import warm_up

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consolidate.settings")

application = get_wsgi_application()

# Before gunicorn forks its workers (--preload): each starts warm (consolidate/warm.py).
warm_up()
