from typing import Any

from django.core.management.base import BaseCommand, CommandError

from contatori.services import ricalcola


class Command(BaseCommand):
    help = "Ricalcola subito tutti i contatori, in questo processo, e scrive i valori di oggi."

    def handle(self, *args: Any, **options: Any) -> None:
        esito = ricalcola(origine="comando")
        if not esito.eseguito:
            raise CommandError("Un ricalcolo è già in corso: riprova tra poco.")
        self.stdout.write(self.style.SUCCESS(f"Contatori ricalcolati: {esito.messaggio}."))
