"""The demo's events of phases 3 and 4 (broadband meetings, roadshow stops, a closing event) and their themes."""

from __future__ import annotations

import datetime as dt

from eventi.models import Evento, PartnerRete, Tema
from programma.demo.bulk import crea, esistenti
from programma.demo.casuale import data_tra, rng_di, scegli_pesato, stato_per_data
from programma.demo.dati import EVENTI_FASE_3, EVENTI_FASE_4
from programma.demo.territorio import Quote, Territorio, capoluogo, quote_regione
from programma.models import Programma
from regioni.models import Comune
from tavoli.models import StatoAttivita

# Comuni whose firms a held awareness event on BUL, 5G or digitale informed: a few of its province's.
COMUNI_INFORMATI = (2, 6)
ORARI = (dt.time(9, 30), dt.time(10, 0), dt.time(14, 30), dt.time(15, 0), dt.time(17, 0))
# The network partners of the broadband awareness events (eventi's migration lists them).
PARTNER_BUL = ("Infratel Italia", "Open Fiber")


def spec_evento(t: Territorio, n: int, edizione: Programma, oggi: dt.date) -> tuple[Evento, list[str]]:
    rng = rng_di("evento", t.codice, n)
    finale = n % quote_regione(t.codice, 1).eventi == 0  # one closing event per region and scale unit
    fase = 4 if finale or rng.random() < 0.35 else 3
    if finale:
        tipo, modello, temi = "evento_finale", "Evento finale n. {n} del programma — {c}", ["trasporti", "logistica", "bul"]
    else:
        tipo, _peso, modello, temi = scegli_pesato(rng, EVENTI_FASE_4 if fase == 4 else EVENTI_FASE_3)
    provincia = t.province[0] if finale else rng.choice(t.province)
    citta = capoluogo(provincia)
    inizio, fine = t.periodo(fase, edizione)
    if not finale and inizio < oggi and rng.random() < 0.6:
        fine = min(fine, oggi - dt.timedelta(days=1))  # most of a running phase's events are behind us
    data = fine if finale else data_tra(rng, inizio, fine)
    stato = stato_per_data(rng, data, oggi)
    online = tipo == "webinar"
    partecipanti = rng.randint(20, 250) if stato == StatoAttivita.SVOLTO else 0
    evento = Evento(
        progetto=t.progetto,
        fase=t.fasi.get(fase),
        tipo=tipo,
        titolo=modello.format(n=n, c=citta),
        data=data,
        online=online,
        luogo="" if online else f"Camera di commercio — sede di {citta}",
        provincia=None if online else provincia,
        stato=stato,
        n_partecipanti=partecipanti,
        n_imprese=round(partecipanti * rng.uniform(0.4, 0.8)),
        descrizione=f"Iniziativa della fase {fase} del progetto {t.nome} rivolta alle imprese del territorio.",
    )
    _orario_e_iscrizione(evento, t, n)
    return evento, temi


def _orario_e_iscrizione(evento: Evento, t: Territorio, n: int) -> None:
    """A time of day for most events, and a registration page for those still to come (a generator of
    its own, so the draws above stay those of the rows seeded before these fields existed)."""
    rng = rng_di("evento-orario", t.codice, n)
    if rng.random() < 0.85:
        inizio = rng.choice(ORARI)
        evento.ora_inizio = inizio
        evento.ora_fine = dt.time(inizio.hour + rng.choice((2, 3)), inizio.minute)
    if evento.stato == StatoAttivita.PIANIFICATO:
        evento.url_iscrizione = f"https://iscrizioni.example.org/{t.codice}/evento-{n}"


def crea_eventi(territori: list[Territorio], quote: dict[str, Quote], edizione: Programma, oggi: dt.date) -> int:
    """The missing demo events and their themes."""
    progetti = [t.progetto.pk for t in territori]
    eventi_esistenti = esistenti(Evento, progetti)
    nuovi_eventi, temi_eventi = [], {}
    for t in territori:
        for n in range(1, quote[t.codice].eventi + 1):
            evento, temi = spec_evento(t, n, edizione, oggi)
            if (t.progetto.pk, evento.titolo) not in eventi_esistenti:
                nuovi_eventi.append(evento)
                temi_eventi[(t.progetto.pk, evento.titolo)] = temi
    crea(Evento, nuovi_eventi)
    eventi = esistenti(Evento, progetti)
    temi = dict(Tema.objects.values_list("codice", "pk"))
    TemaEvento = Evento.temi.through
    crea(
        TemaEvento,
        [TemaEvento(evento_id=eventi[chiave], tema_id=temi[c]) for chiave, codici in temi_eventi.items() for c in codici if c in temi],
    )
    _informa_comuni(nuovi_eventi, temi_eventi, eventi, territori)
    _con_partner(temi_eventi, eventi)
    return len(nuovi_eventi)


def _con_partner(temi_eventi: dict, eventi: dict) -> None:
    """Infratel Italia and Open Fiber at the new events on BUL or 5G (the rule of EventoForm.clean)."""
    partner = list(PartnerRete.objects.filter(nome__in=PARTNER_BUL).values_list("pk", flat=True))
    Partner = Evento.partner_rete.through
    crea(
        Partner,
        [
            Partner(evento_id=eventi[chiave], partnerrete_id=pk)
            for chiave, codici in temi_eventi.items()
            if {"bul", "5g"} & set(codici)
            for pk in partner
        ],
    )


def _informa_comuni(nuovi: list[Evento], temi_eventi: dict, eventi: dict, territori: list[Territorio]) -> None:
    """The comuni informed at the new held awareness events (the rule of Evento.sensibilizzazione_bul_5g):
    a few of the event's province, or of the regional capital's for an online one."""
    comuni: dict[int, list[int]] = {}
    for pk, provincia_id in Comune.objects.order_by("codice_istat").values_list("pk", "provincia_id"):
        comuni.setdefault(provincia_id, []).append(pk)
    capoluogo_di = {t.progetto.pk: t.province[0].pk for t in territori if t.province}
    Informato = Evento.comuni_informati.through
    righe = []
    for evento in nuovi:
        chiave = (evento.progetto_id, evento.titolo)
        sensibilizzazione = evento.tipo == Evento.Tipo.INCONTRO_BUL_5G or set(temi_eventi[chiave]) & Evento.TEMI_FASE_3
        if evento.stato != StatoAttivita.SVOLTO or not sensibilizzazione:
            continue
        candidati = comuni.get(evento.provincia_id or capoluogo_di.get(evento.progetto_id), [])
        rng = rng_di("comuni", *chiave)
        scelti = rng.sample(candidati, min(len(candidati), rng.randint(*COMUNI_INFORMATI)))
        righe += [Informato(evento_id=eventi[chiave], comune_id=comune) for comune in scelti]
    crea(Informato, righe)
