# The production image: gunicorn by default; the same image runs migrations, the Celery worker
# and beat (see docker-compose.yml). Configuration comes from environment variables only.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=consolidate.settings \
    CONSOLIDATE_VAR_DIR=/app/var \
    DJANGO_DEBUG=false
# The site runs from the wheel `pip install` puts in site-packages (templates/ and static/ are
# inside it, see setup.py); /app holds only var/. Commands are `django-admin ...`.
# DJANGO_DEBUG=false: the image never runs in debug mode unless told to.

# Pango for WeasyPrint (PDF receipts and letters), DejaVu so the PDFs have a font, and
# HarfBuzz-Subset, which WeasyPrint embeds fonts with (without it, the slower fontTools).
# pg_dump and pg_restore (`django-admin backup` / `restore`) must be of the server's major
# version, PG_MAJOR (docker-compose.yml's db image): they come from PostgreSQL's own apt
# repository, set up by Debian's postgresql-common.
ARG PG_MAJOR=16
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
        postgresql-common ca-certificates \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends postgresql-client-${PG_MAJOR} \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src

# Dependencies first, from pyproject.toml alone, so that a code change does not reinstall them.
COPY pyproject.toml ./
RUN pip install .

# Then the project itself, not editable; the source tree is not kept in the running image. Its
# build compiles the translations (locale/*/django.po into django.mo, with polib: see setup.py),
# so the image needs no gettext.
COPY . .
RUN pip install --no-deps . && cd / && rm -rf /src

WORKDIR /app

# Static files are collected into the image (var/staticfiles) and served by WhiteNoise. The key
# is a placeholder for this one command; the real one is given at run time.
RUN DJANGO_SECRET_KEY=collectstatic-only-not-a-secret django-admin collectstatic --noinput

# Run as a non-root user. The code stays owned by root (read-only to the app); only var/ is
# writable. var/media and var/backups exist here so that a named volume mounted on either starts
# owned by `app`.
RUN groupadd --system app \
    && useradd --system --gid app --create-home --shell /usr/sbin/nologin app \
    && mkdir -p var/media var/backups \
    && chown -R app:app var
USER app

EXPOSE 8000
# A worker is replaced after about 1,000 requests (the jitter keeps the two from restarting
# together): CPython keeps the memory a large page or PDF took, so a worker that grew gives it back.
# --preload imports the application once, in the master: a replacement is a fork, not a second
# start-up that would hold requests up for a second.
CMD ["gunicorn", "consolidate.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", \
     "--max-requests", "1000", "--max-requests-jitter", "100", "--preload"]
