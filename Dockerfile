# Front-end packages are installed by npm in a stage of their own, which also builds the subset
# of Bootstrap Italia and Chart.js the pages load (frontend/build.mjs into static/build/); only
# that build and the package files Django serves are copied into the runtime image.
FROM node:20-bookworm-slim AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend ./frontend
RUN npm run build

FROM python:3.11-slim-bookworm AS app
# The major version of docker-compose.yml's PostgreSQL (its `postgres` image and this build argument
# come from the same POSTGRES_VERSIONE): pg_dump refuses a server newer than itself, and Debian
# bookworm ships 15, so `manage.py backup` takes the client of the same version from PostgreSQL's
# own repository (apt.postgresql.org, whose key postgresql-common carries).
ARG POSTGRES_VERSIONE=16
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_DEBUG=false
WORKDIR /app
# Pango and a font for WeasyPrint (the Libro Bianco PDF); the PostgreSQL client for backups.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
       ca-certificates postgresql-common \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends postgresql-client-${POSTGRES_VERSIONE} \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 programma
COPY requirements.txt ./
RUN pip install -r requirements.txt
COPY --from=frontend /build/node_modules/bootstrap-italia/dist/fonts ./node_modules/bootstrap-italia/dist/fonts
COPY --from=frontend /build/node_modules/@svg-maps/italy ./node_modules/@svg-maps/italy
COPY . .
COPY --from=frontend /build/static/build ./static/build
# collectstatic needs a secret key but no database; this one never leaves the build.
RUN DJANGO_SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/media && chown -R programma /app/media \
    && mkdir -p -m 700 /app/backups && chown programma /app/backups
USER programma
EXPOSE 8000
CMD ["gunicorn", "programma.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4", "--worker-class", "gthread", "--timeout", "120", "--access-logfile", "-"]
