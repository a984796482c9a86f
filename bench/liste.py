"""Server time of the staff list pages, as the worst case (a coordinator sees every region) and
as an Operatore of the largest region; the first page of a filtered and sorted variant too; and the
export of the longest list (every work, as a coordinator) as CSV and XLSX, in rows per second."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, reverse

from bench import Riga, misura_ms, stampa

OBIETTIVO_MS = "< 150"
UTENTI = ["coordinatore", "operatore-lombardia"]
# Rows a second an export writes (read, formatted, streamed): a 50,000-row list within 10 s as CSV,
# within a minute as XLSX.
OBIETTIVI_ESPORTAZIONE = {"csv": "> 5000", "xlsx": "> 1000"}


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
                ms = misura_ms(lambda: client.get(indirizzo))  # noqa: B023 - measured within this iteration
                descrizione = f"{etichetta}{' (filtri)' if variante else ''} — {username}"
                righe += stampa([(descrizione, round(ms, 1), "ms", OBIETTIVO_MS)])
        if username == "coordinatore":
            righe += _esportazioni(client)
    return righe


def _esportazioni(client: Client) -> list[Riga]:
    """Every work of the edition as the coordinator's list exports it, CSV then XLSX."""
    from programma.models import OperaPrioritaria, Programma

    righe: list[Riga] = []
    n = OperaPrioritaria.objects.nell_edizione(Programma.objects.attivo()).count()
    for formato, obiettivo in OBIETTIVI_ESPORTAZIONE.items():
        url = f"{reverse('programma:opere')}?formato={formato}"

        def scarica() -> int:
            return len(b"".join(client.get(url).streaming_content))  # noqa: B023 - called within this iteration

        byte = scarica()
        ms = misura_ms(scarica, ripetizioni=3, riscaldamento=0)
        righe += stampa(
            [
                (f"esportazione opere {formato.upper()} ({n} righe, {byte // 1024} KiB) — coordinatore", round(ms, 1), "ms", ""),
                (f"esportazione opere {formato.upper()}: righe al secondo", round(n / (ms / 1000)), "righe/s", obiettivo),
            ]
        )
    return righe
