"""`python manage.py export_opere FILE`: every work, in the import format (CSV or XLSX by extension)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from programma.importazione.export import esporta


class Command(BaseCommand):
    help = "Esporta le opere prioritarie nel formato di importazione (CSV con ; oppure XLSX)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="File di destinazione: .csv oppure .xlsx; '-' per il CSV sullo standard output.")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        formato = "xlsx" if file.lower().endswith(".xlsx") else "csv"
        dati = esporta(formato=formato)
        if file == "-":
            self.stdout.write(dati.decode("utf-8-sig"), ending="")
            return
        with open(file, "wb") as f:
            f.write(dati)
        self.stderr.write(f"Esportate le opere in {file}.")
