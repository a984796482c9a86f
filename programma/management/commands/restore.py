from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from programma.backup import ErroreBackup, leggi_manifesto, ripristina_backup


class Command(BaseCommand):
    help = "Ripristina un archivio scritto da `backup`: sostituisce il database e aggiunge i file caricati."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="L'archivio .tar da ripristinare.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive", help="Non chiedere conferma.")

    def handle(self, *args: Any, **options: Any) -> None:
        file = Path(options["file"])
        database = settings.DATABASES["default"]
        try:
            manifesto = leggi_manifesto(file)
            if options["interactive"]:
                risposta = input(
                    f"Il contenuto del database {database['NAME']} sarà sostituito dal backup del {manifesto.creato_il}. "
                    "Continuare? [s/N] "
                )
                if risposta.strip().lower() not in {"s", "si", "sì", "y", "yes"}:
                    raise CommandError("Ripristino annullato: nulla è stato modificato.")
            ripristina_backup(file, database=database, media=Path(settings.MEDIA_ROOT))
        except ErroreBackup as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup del {manifesto.creato_il} ripristinato."))
