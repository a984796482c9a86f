"""Server time of the staff list pages, as the worst case (a coordinator sees every region) and
as an Operatore of the largest region; the first page of a filtered and sorted variant too."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, reverse

from bench import Riga, misura_ms, stampa

OBIETTIVO_MS = "< 150"
UTENTI = ["coordinatore", "operatore-lombardia"]


def _pagine() -> list[tuple[str, str, tuple, str]]:
    """(label, URL name, args, query string of the filtered/sorted variant)."""
    from programma.models import ProgettoRegionale

    progetto = ProgettoRegionale.objects.filter(regione__slug="lombardia").order_by("-programma__attivo").first()
    pagine = [
        ("tavoli", "tavoli:lista", (), "stato=svolto&ordina=-partecipanti"),
        ("eventi", "eventi:lista", (), "fase=3&ordina=-imprese"),
        ("report", "programma:report_lista", (), "tipo=report_analisi&q=logistica&ordina=-data"),
        ("opere", "programma:opere", (), "livello_priorita=1&modalita=ferroviaria&ordina=-costo"),
        ("progetti", "programma:progetti", (), "ordina=-opere"),
    ]
    if progetto is not None:
        pagine.append(("progetto Lombardia", "programma:progetto", (progetto.pk,), ""))
    return pagine


def misura() -> list[Riga]:
    righe: list[Riga] = []
    User = get_user_model()
    for username in UTENTI:
        utente = User.objects.filter(username=username).first()
        if utente is None:
            print(f"  utente {username} assente: saltato")
            continue
        client = Client()
        client.force_login(utente)
        for etichetta, nome, args, varianti in _pagine():
            try:
                url = reverse(nome, args=args)
            except NoReverseMatch:
                print(f"  {etichetta} ({nome}): pagina non disponibile")
                continue
            for variante in ["", varianti] if varianti else [""]:
                indirizzo = f"{url}?{variante}" if variante else url
                risposta = client.get(indirizzo)
                if risposta.status_code != 200:
                    print(f"  {indirizzo} come {username}: risposta {risposta.status_code}, non misurata")
                    continue
                ms = misura_ms(lambda: client.get(indirizzo))
                descrizione = f"{etichetta}{' (filtri)' if variante else ''} — {username}"
                righe += stampa([(descrizione, round(ms, 1), "ms", OBIETTIVO_MS)])
    return righe
