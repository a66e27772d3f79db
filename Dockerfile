# CCUS Desk for the office's own server (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       postgresql-client gettext \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 ccus
WORKDIR /app
COPY requirements-prod.lock .
RUN pip install -r requirements-prod.lock
COPY . .
RUN DEBUG=0 SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && DEBUG=0 SECRET_KEY=build-only python manage.py compilemessages -v 0
RUN mkdir -p /app/var && chown -R ccus /app/var
USER ccus
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "-c", "python:config.gunicorn", "--bind", "0.0.0.0:8000"]
