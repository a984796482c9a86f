from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from programma.backup import ErroreBackup, crea_backup


class Command(BaseCommand):
    help = "Salva il database e i file caricati in un archivio backups/programma-<data>.tar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cartella", default=str(settings.BASE_DIR / "backups"), help="Dove scrivere l'archivio.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            file = crea_backup(Path(options["cartella"]), database=settings.DATABASES["default"], media=Path(settings.MEDIA_ROOT))
        except ErroreBackup as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup scritto in {file}"))
