#!/bin/sh
# Runs once, when the compose postgres volume is first initialised (docker-entrypoint-initdb.d).
# medezy (POSTGRES_USER) owns the schema and runs migrations; the application logs in as medezy_web,
# a member of medezy_app only, whose rights migration 0005 sets (no UPDATE/DELETE on the audit log).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v app_password="$APP_DB_PASSWORD" <<'SQL'
CREATE ROLE medezy_app NOLOGIN;
CREATE ROLE medezy_web LOGIN PASSWORD :'app_password' IN ROLE medezy_app;
SQL
