from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from programma.demo import crea_edizione_demo, crea_utenti_demo


class Command(BaseCommand):
    help = "Crea dati e utenti dimostrativi (password 'demo'). Idempotente."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--scale", type=int, default=1, help="Moltiplica il volume dei dati (benchmark).")
        parser.add_argument("--force", action="store_true", help="Esegui anche con DJANGO_DEBUG spento.")

    def handle(self, *args: Any, scale: int, force: bool, **options: Any) -> None:
        if not settings.SEED_DEMO_ALLOWED and not force:
            raise CommandError("seed_demo crea utenti con password nota: con DJANGO_DEBUG spento serve --force.")
        if scale < 1:
            raise CommandError("--scale deve essere almeno 1.")
        programma = crea_edizione_demo(oggi=timezone.localdate())
        utenti = crea_utenti_demo()
        self.stdout.write(f"Edizione attiva: {programma}. Utenti demo: {len(utenti)} (password 'demo').")
