"""docker-compose's PostgreSQL and the web image's pg_dump are of one major version (issue #21).

pg_dump refuses a server newer than itself: with the compose file's PostgreSQL 16 and Debian's
client 15 in the image, `manage.py backup` failed where users run the system. Docker does not run
here, so the files are checked by reading them: one variable, POSTGRES_VERSIONE, with one default,
names both the server's image and the client the image installs.
"""

from __future__ import annotations

import re

from django.conf import settings

COMPOSE = (settings.BASE_DIR / "docker-compose.yml").read_text()
DOCKERFILE = (settings.BASE_DIR / "Dockerfile").read_text()


def test_the_server_and_the_client_come_from_one_version():
    (immagine,) = re.findall(r"^\s+image: postgres:(.+)$", COMPOSE, re.MULTILINE)
    assert immagine == "${POSTGRES_VERSIONE:-16}-bookworm"
    (argomento,) = re.findall(r"^\s+POSTGRES_VERSIONE: (.+)$", COMPOSE, re.MULTILINE)
    assert argomento == "${POSTGRES_VERSIONE:-16}"  # the image is built for the server it runs beside
    (predefinita,) = re.findall(r"^ARG POSTGRES_VERSIONE=(\d+)$", DOCKERFILE, re.MULTILINE)
    assert predefinita == "16"  # a plain `docker build` too
    assert "postgresql-client-${POSTGRES_VERSIONE}" in DOCKERFILE


def test_the_client_comes_from_postgresqls_own_repository():
    """Debian bookworm's own client is 15: the image adds apt.postgresql.org, with the key postgresql-common carries."""
    assert "/usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y" in DOCKERFILE
    assert DOCKERFILE.index("apt.postgresql.org.sh") < DOCKERFILE.index("postgresql-client-${POSTGRES_VERSIONE}")


def test_backups_have_a_private_folder_that_outlives_the_container():
    assert "mkdir -p -m 700 /app/backups && chown programma /app/backups" in DOCKERFILE
    assert "- backups:/app/backups" in COMPOSE and re.search(r"^  backups:$", COMPOSE, re.MULTILINE)
