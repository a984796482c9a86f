"""`python manage.py prepara_libri`: print now, in this process, every book that should have a file
and has none (a published Libro Bianco, the national volume), e.g. after an upgrade or a restore."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from programma.models import Stampa
from programma.risultati import pubblicazioni


class Command(BaseCommand):
    help = "Prepara ora i Libri Bianchi pubblicati e il volume nazionale che non hanno ancora il loro file."

    def handle(self, *args: Any, **options: Any) -> None:
        fatte = pubblicazioni.ripara(sincrono=True)
        fallite = Stampa.objects.filter(stato=Stampa.Stato.FALLITA, scopo=Stampa.Scopo.PUBBLICAZIONE)
        self.stdout.write(f"Stampe preparate: {fatte}.")
        for stampa in fallite:
            self.stderr.write(f"Non riuscita: {stampa}: {stampa.messaggio}")
