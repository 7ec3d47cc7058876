# syntax=docker/dockerfile:1
# One image for every honeyDue process; compose.yaml picks the command:
#   api    gunicorn honeydue.wsgi:application   (default; WSGI, request time limit)
#   ws     daphne -b 0.0.0.0 -p 8001 honeydue.asgi:application   (websockets, downloads, admin)
#   worker celery -A honeydue worker
#   beat   celery -A honeydue beat --enable-remote-control
#   migrate / predeploy: python manage.py migrate --no-input && python manage.py predeploy_check
# Base pinned by tag and by the digest of its multi-architecture index (Dependabot bumps both).
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm@sha256:65a93d69fa75478d554f4ad27c85c1e69fa184956261b4301ebaf6dbb0a3543d

# --- build: compilers live here only -------------------------------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
COPY requirements.txt /tmp/requirements.txt
RUN /opt/venv/bin/pip install --require-hashes --no-deps -r /tmp/requirements.txt

# --- runtime: no compilers, no secrets, not root --------------------------------
FROM ${PYTHON_IMAGE} AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=honeydue.settings \
    VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/var/media
RUN groupadd --system --gid 10001 honeydue \
    && useradd --system --uid 10001 --gid honeydue --home-dir /app --no-create-home --shell /usr/sbin/nologin honeydue
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY . /app
# Static files are collected with the production storage (hashed names, compressed).
# The values below exist only for this RUN step so production settings load; none is
# kept in the image, and the secret is random per build.
RUN ENVIRONMENT=production \
    SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    ALLOWED_HOSTS=build.invalid \
    DATABASE_URL=postgres://build@build.invalid:5432/build \
    REDIS_URL=redis://build.invalid:6379/0 \
    EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend \
    PUSH_BACKEND=native FCM_SERVICE_ACCOUNT_FILE=/build.invalid/fcm.json FCM_PROJECT_ID=build \
    APPLE_ROOT_CERTIFICATES=/build.invalid/apple-root.cer APPLE_ENVIRONMENT=Sandbox \
    GOOGLE_WEBHOOK_SHARED_SECRET=build-only GOOGLE_SERVICE_ACCOUNT_FILE=/build.invalid/google.json \
    python manage.py collectstatic --no-input --verbosity 0 \
    && mkdir -p /app/var/media /app/var/emails /app/var/beat \
    && chown -R honeydue:honeydue /app/var
USER 10001:10001
EXPOSE 8000 8001
# Picks the check from the main process: HTTP /healthz for gunicorn and daphne,
# `celery inspect ping` for the worker and beat (they serve no HTTP).
HEALTHCHECK --interval=30s --timeout=20s --start-period=40s --retries=3 CMD ["python", "scripts/healthcheck"]
CMD ["gunicorn", "honeydue.wsgi:application"]
