# One image for console, worker and action server (compose picks the command).
FROM python:3.11.10-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 RASA_TELEMETRY_ENABLED=false
WORKDIR /app
# pg_dump / pg_restore for scripts/backup.py (bookworm's client is 15, like the compose postgres)
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
COPY requirements/app.lock requirements/app.lock
RUN pip install --no-cache-dir -r requirements/app.lock
COPY . .
RUN pip install --no-cache-dir --no-deps -e . \
    && groupadd --system --gid 10001 medezy \
    && useradd --system --uid 10001 --gid medezy --home-dir /app --no-create-home medezy \
    && mkdir -p /app/var && chown medezy:medezy /app/var
# Unprivileged at run time: the code is root-owned and read-only to the process; var/ is its scratch space.
USER 10001:10001
