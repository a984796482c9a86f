import io
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from contatori.coda import ricalcolo_sospeso
from programma.demo import crea_attivita_demo, crea_edizione_demo, crea_utenti_demo
from programma.demo.camere import assegna_enti, crea_operatori_camere
from programma.demo.obiettivi import crea_obiettivi_demo
from programma.demo.risultati import crea_risultati_demo, fotografa_approvati
from programma.demo.storia import GIORNI_STORIA, crea_storia_contatori
from programma.risultati import pubblicazioni


class Command(BaseCommand):
    help = "Crea dati e utenti dimostrativi (password 'demo'). Idempotente."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--scale", type=int, default=1, help="Moltiplica il volume dei dati (benchmark).")
        parser.add_argument("--force", action="store_true", help="Esegui anche con DJANGO_DEBUG spento.")
        parser.add_argument(
            "--senza-ricalcolo",
            action="store_true",
            help="Non ricalcolare i contatori al termine (i benchmark misurano il ricalcolo a parte).",
        )
        parser.add_argument(
            "--senza-libri",
            action="store_true",
            help="Non preparare i PDF dei Libri Bianchi pubblicati e del volume nazionale (li prepara poi `manage.py prepara_libri`).",
        )
        parser.add_argument(
            "--giorni-storia",
            type=int,
            default=GIORNI_STORIA,
            help=f"Giorni passati di cui scrivere i valori dei contatori, per grafici e variazioni (predefinito {GIORNI_STORIA}; 0: nessuno).",
        )

    def handle(
        self, *args: Any, scale: int, force: bool, senza_ricalcolo: bool, senza_libri: bool, giorni_storia: int, **options: Any
    ) -> None:
        if not settings.SEED_DEMO_ALLOWED and not force:
            raise CommandError("seed_demo crea utenti con password nota: con DJANGO_DEBUG spento serve --force.")
        if scale < 1:
            raise CommandError("--scale deve essere almeno 1.")
        if giorni_storia < 0:
            raise CommandError("--giorni-storia non può essere negativo.")
        inizio = time.perf_counter()
        oggi = timezone.localdate()
        # One recount at the end, not one queued by every save on the way.
        with ricalcolo_sospeso():
            programma = crea_edizione_demo(oggi=oggi)
            utenti = crea_utenti_demo()
            riepilogo = crea_attivita_demo(programma=programma, scala=scale, oggi=oggi)
            risultati = crea_risultati_demo(programma=programma, oggi=oggi)
            obiettivi = crea_obiettivi_demo(programma=programma, scala=scale)
            # Issue #11: operators of Camere, and the ente behind each demo activity.
            utenti += crea_operatori_camere()
            con_ente = assegna_enti(programma)
            # The past days' snapshots (today's is the recount's), for the charts and the 30-day changes.
            inizio_storia = time.perf_counter()
            storia = crea_storia_contatori(programma=programma, oggi=oggi, giorni=giorni_storia)
            secondi_storia = time.perf_counter() - inizio_storia
            fotografa_approvati(programma)
        self.stdout.write(f"Edizione attiva: {programma}. Utenti demo: {len(utenti)} (password 'demo').")
        self.stdout.write(f"Dati dimostrativi (scala {scale}), totali e nuovi di questa esecuzione:")
        for riga in riepilogo.righe():
            self.stdout.write(riga)
        self.stdout.write("Risultati del programma:")
        for riga in risultati.righe():
            self.stdout.write(riga)
        self.stdout.write(f"Obiettivi dei contatori fissati (nazionali e regionali): {obiettivi}.")
        self.stdout.write(f"Attività, report e opere a cui è stato assegnato l'ente: {con_ente}.")
        self.stdout.write(f"Valori storici dei contatori scritti: {storia:,}".replace(",", ".") + f" in {secondi_storia:.1f} s.".replace(".", ",", 1))
        # Bulk inserts send no signals: the counters would stay empty until the next scheduled recount.
        if not senza_ricalcolo and "ricalcola_contatori" in get_commands():
            call_command("ricalcola_contatori", stdout=self.stdout, stderr=self.stderr)
        if not senza_libri:
            # The published books are printed now (after the recount: the national volume prints
            # today's numbers), so the public section serves them from the start.
            inizio_libri = time.perf_counter()
            libri = pubblicazioni.ripara(sincrono=True)
            self.stdout.write(f"Libri Bianchi e volume nazionale preparati: {libri} in {time.perf_counter() - inizio_libri:.1f} s.".replace(".", ",", 1))
            if libri and not senza_ricalcolo and "ricalcola_contatori" in get_commands():
                # A published book counts once its file is ready.
                call_command("ricalcola_contatori", stdout=io.StringIO(), stderr=self.stderr)
        self.stdout.write(f"Completato in {time.perf_counter() - inizio:.1f} s.")
