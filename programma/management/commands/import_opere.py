"""`python manage.py import_opere FILE [--dry-run] [--mappatura NOME]`: exit 0 if the file imported (or
would), else 1. `--mappatura` reads the file through a column mapping saved on the staff pages."""

from __future__ import annotations

import os
from itertools import groupby
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from programma.importazione.mappatura import Mappatura
from programma.importazione.models import MappaturaImportazione, nota_non_elencate
from programma.importazione.reading import FileNonValido, controlla_dimensione
from programma.importazione.services import importa_opere
from programma.importazione.validation import Errore


def righe_di_errore(errori: list[Errore]) -> list[str]:
    """One line per bad row: 'Riga 7: colonna «costo_stimato», valore «abc»: importo non valido; ...'."""
    linee = []
    for riga, gruppo in groupby(sorted(errori, key=lambda e: e.riga), key=lambda e: e.riga):
        parti = []
        for e in gruppo:
            if e.colonna and e.valore:
                parti.append(f"colonna «{e.colonna}», valore «{e.valore}»: {e.motivo}")
            elif e.colonna:
                parti.append(f"colonna «{e.colonna}»: {e.motivo}")
            else:
                parti.append(e.motivo)
        prefisso = f"Riga {riga}" if riga else "File"
        linee.append(f"{prefisso}: " + "; ".join(parti))
    return linee


class Command(BaseCommand):
    help = "Importa le opere prioritarie da un file CSV o XLSX (tutto o niente)."
    # A data command, run against a deployed project: the system checks (every URL, view and admin
    # loaded and inspected: a third of Django's start) belong to `manage.py check` and CI.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="File CSV (separatore ; o ,) oppure XLSX.")
        parser.add_argument("--dry-run", action="store_true", help="Controlla il file senza scrivere nulla.")
        parser.add_argument(
            "--mappatura", metavar="NOME", help="Legge le colonne del file con l'abbinamento salvato con questo nome (pagina /importazioni/nuova/)."
        )

    def handle(self, *args: Any, file: str, dry_run: bool, mappatura: str | None = None, **options: Any) -> None:
        abbinamento = None
        if mappatura is not None:
            salvata = MappaturaImportazione.objects.filter(nome=mappatura).first()
            if salvata is None:
                nomi = ", ".join(MappaturaImportazione.objects.values_list("nome", flat=True)) or "nessuno"
                raise CommandError(f"Abbinamento «{mappatura}» non trovato. Abbinamenti salvati: {nomi}.", returncode=1)
            abbinamento = Mappatura.da_dict(salvata.regole)
        try:
            controlla_dimensione(os.path.getsize(file))
            with open(file, "rb") as f:
                dati = f.read()
        except FileNotFoundError:
            raise CommandError(f"File non trovato: {file}", returncode=1) from None
        except FileNonValido as exc:
            raise CommandError(str(exc), returncode=1) from None
        esito = importa_opere(dati, nome_file=os.path.basename(file), dry_run=dry_run, origine="comando", mappatura=abbinamento)
        for avviso in esito.analisi.avvisi:
            self.stderr.write(f"Avviso: {avviso}")
        if not esito.valido:
            for linea in righe_di_errore(esito.errori):
                self.stdout.write(linea)
            if esito.analisi.righe_non_elencate:
                self.stdout.write(nota_non_elencate(esito.analisi.righe_non_elencate))
            raise CommandError(
                f"{esito.righe_errate} righe con errori su {esito.analisi.righe_lette}: nessuna opera è stata scritta.",
                returncode=1,
            )
        verbo = "si importerebbero" if dry_run else "importate"
        self.stdout.write(
            f"{esito.analisi.righe_lette} righe {verbo}: {esito.create} nuove, {esito.aggiornate} aggiornate, "
            f"{esito.invariate} invariate ({esito.durata:.1f} s)."
        )
