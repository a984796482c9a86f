"""Django's start loads no admin module (programma/admin_config.py): a command, the worker and beat
start without django-import-export and openpyxl; the URLs and the system checks load the admin."""

import os
import subprocess
import sys

from django.conf import settings

AVVIO = """
import sys, django
django.setup()
print("caricati:" + ",".join(m for m in ("import_export.admin", "openpyxl", "programma.importazione.admin") if m in sys.modules))
from django.core.checks import run_checks
run_checks(tags=["admin"])
from django.contrib import admin
from programma.models import OperaPrioritaria
print("registrata:", admin.site.is_registered(OperaPrioritaria))
"""


def test_the_start_loads_no_admin_module_and_the_checks_load_them_all():
    risultato = subprocess.run(
        [sys.executable, "-c", AVVIO],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "programma.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    righe = risultato.stdout.splitlines()
    assert "caricati:" in righe  # none of them
    assert "registrata: True" in righe
