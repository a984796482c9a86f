"""`python manage.py invia_riepilogo [--utente NOME ...]`: send the weekly digest now, in this process
(Celery beat sends it every Monday at 7:30): each user's "Da fare" and what they have to follow."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from programma.activities import notifiche


class Command(BaseCommand):
    help = "Invia ora il riepilogo settimanale a chi ha qualcosa da fare o da seguire (tutti, o gli utenti indicati)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--utente", action="append", default=[], metavar="NOME", help="Solo a questo utente (ripetibile).")

    def handle(self, *args: Any, **options: Any) -> None:
        utenti = get_user_model().objects.all()
        if nomi := options["utente"]:
            utenti = utenti.filter(username__in=nomi)
            if mancanti := sorted(set(nomi) - set(utenti.values_list("username", flat=True))):
                raise CommandError(f"Utenti inesistenti: {', '.join(mancanti)}.")
        inviati = notifiche.invia_riepiloghi(utenti)
        self.stdout.write(f"Riepiloghi inviati: {inviati}.")
