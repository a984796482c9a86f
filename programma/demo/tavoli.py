"""The demo's tavoli di confronto and the organisations that took part (institutions, associations,
network operators and a stream of firms' names)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from programma.demo.bulk import crea, esistenti
from programma.demo.casuale import data_tra, rng_di, scegli_pesato, stato_per_data
from programma.demo.dati import (
    AEROPORTI,
    ASSOCIAZIONI_REGIONALI,
    AUTORITA_PORTUALI,
    COGNOMI,
    FORME,
    GESTORI_NAZIONALI,
    LUOGHI_TAVOLO,
    ORGANIZZAZIONI_PROVINCIALI,
    REGIONI_STATUTO_SPECIALE,
    SETTORI,
    TAVOLI_PER_REGIONE,
    TEMI_TAVOLO,
)
from programma.demo.territorio import Quote, Territorio, capoluogo
from programma.models import Programma
from tavoli.models import Categoria, Organizzazione, StatoAttivita, TavoloConfronto


def nome_impresa(indice: int) -> tuple[str, str]:
    """The indice-th name of a stream of firms and technical firms (not unique: callers skip repeats)."""
    rng = rng_di("impresa", indice)
    a, b = rng.sample(COGNOMI, 2)
    settore, forma, tiro = rng.choice(SETTORI), rng.choice(FORME), rng.random()
    if tiro < 0.08:
        return f"Studio di ingegneria {a} & {b}", "esperti"
    if tiro < 0.12:
        return f"Studio tecnico associato {a} {b}", "esperti"
    if tiro < 0.55:
        return f"{a} {settore} {forma}", "imprese"
    if tiro < 0.85:
        return f"{a} & {b} {settore} {forma}", "imprese"
    return f"F.lli {a} {settore} {forma}", "imprese"


class FlussoImprese:
    """Distinct firm names, interleaved across regions so that the j-th firm of a region never
    depends on the scale (position j * 20 + region) and two regions never share one by chance."""

    def __init__(self) -> None:
        self._nomi: list[tuple[str, str]] = []
        self._visti: set[str] = set()
        self._prossimo = 0

    def __getitem__(self, posizione: int) -> tuple[str, str]:
        while len(self._nomi) <= posizione:
            nome, categoria = nome_impresa(self._prossimo)
            self._prossimo += 1
            if nome.casefold() not in self._visti:
                self._visti.add(nome.casefold())
                self._nomi.append((nome, categoria))
        return self._nomi[posizione]



@dataclass
class SpecTavolo:
    tavolo: TavoloConfronto
    organizzazioni: list[tuple[str, str]]  # (name, category)
    indice: int


def spec_tavoli(t: Territorio, quote: Quote, edizione: Programma, imprese: FlussoImprese, oggi: dt.date) -> list[SpecTavolo]:
    specs = []
    posizione_impresa = 0  # region-local ordinal of the next firm: same prefix at every scale
    regione_nome = REGIONI_STATUTO_SPECIALE.get(t.codice, f"Regione {t.nome}")
    gestori_regionali = AUTORITA_PORTUALI.get(t.codice, []) + [
        f"Società di gestione dell'aeroporto di {a}" for a in AEROPORTI.get(t.codice, [])
    ]
    for n in range(1, quote.tavoli + 1):
        rng = rng_di("tavolo", t.codice, n)
        provincia = t.province[(n - 1) % len(t.province)]
        citta = capoluogo(provincia)
        fase = 1 if rng.random() < 0.8 else 2
        data = data_tra(rng, *t.periodo(fase, edizione))
        stato = stato_per_data(rng, data, oggi)
        modalita = scegli_pesato(rng, [("in_presenza", 70), ("ibrido", 20), ("online", 10)])[0]
        tema = rng.choice(TEMI_TAVOLO)
        organizzazioni: list[tuple[str, str]] = []
        tavolo = TavoloConfronto(
            progetto=t.progetto,
            titolo=f"Tavolo di confronto n. {n} {tema} — {citta}",
            data=data,
            luogo="" if modalita == "online" else rng.choice(LUOGHI_TAVOLO).format(c=citta, p=provincia.nome),
            provincia=provincia,
            modalita=modalita,
            stato=stato,
        )
        if stato == StatoAttivita.SVOLTO:
            organizzazioni += [(regione_nome, "istituzioni")]
            organizzazioni += [(s.format(r=t.nome), "associazioni") for s in rng.sample(ASSOCIAZIONI_REGIONALI, 2)]
            organizzazioni += [(g, "gestori") for g in rng.sample(GESTORI_NAZIONALI, rng.randint(1, 3))]
            if gestori_regionali and rng.random() < 0.5:
                organizzazioni.append((rng.choice(gestori_regionali), "gestori"))
            organizzazioni += [
                (nome.format(c=citta, p=provincia.nome), categoria)
                for nome, categoria in rng.sample(ORGANIZZAZIONI_PROVINCIALI, rng.randint(2, 4))
            ]
            for _ in range(rng.randint(14, 19)):
                organizzazioni.append(imprese[posizione_impresa * len(TAVOLI_PER_REGIONE) + t.indice])
                posizione_impresa += 1
            per_categoria = {c: sum(1 for _, cat in organizzazioni if cat == c) for c, _ in Categoria.choices}
            tavolo.n_esperti = per_categoria["esperti"] + rng.randint(1, 5)
            tavolo.n_associazioni = per_categoria["associazioni"] + rng.randint(0, 6)
            tavolo.n_imprese = per_categoria["imprese"] + rng.randint(0, 10)
            tavolo.n_istituzioni = per_categoria["istituzioni"] + rng.randint(1, 5)
            tavolo.n_gestori = per_categoria["gestori"] + rng.randint(0, 2)
            tavolo.sintesi = (
                f"Il tavolo ha riunito {tavolo.n_partecipanti} partecipanti tra imprese, associazioni di categoria, "
                f"istituzioni e gestori delle reti per un confronto {tema}. Sono state condivise le criticità "
                f"dell'area di {citta} e individuate le opere da proporre come prioritarie nel Libro bianco."
            )
        specs.append(SpecTavolo(tavolo, organizzazioni, n))
    return specs


@dataclass
class TavoliDemo:
    """What the works need from the tavoli: every demo tavolo at this scale (new or not), the new
    ones, and the primary key of every tavolo of the projects by (project, title)."""

    tutti: list[SpecTavolo]
    nuovi: list[SpecTavolo]
    pk: dict[tuple[int, str], int]
    organizzazioni_nuove: int


def crea_tavoli(territori: list[Territorio], quote: dict[str, Quote], edizione: Programma, oggi: dt.date) -> TavoliDemo:
    """The missing demo tavoli, the organisations they bring that are not known yet, and who took part."""
    progetti = [t.progetto.pk for t in territori]
    imprese = FlussoImprese()
    tavoli_esistenti = esistenti(TavoloConfronto, progetti)
    tutti_i_tavoli = [spec for t in territori for spec in spec_tavoli(t, quote[t.codice], edizione, imprese, oggi)]
    nuovi_tavoli = [s for s in tutti_i_tavoli if (s.tavolo.progetto_id, s.tavolo.titolo) not in tavoli_esistenti]
    # Organisations are per region: keyed by (region, normalised name).
    regione_di = {t.progetto.pk: t.progetto.regione_id for t in territori}

    def org_esistenti() -> dict[tuple[int, str], int]:
        return {(r, n): pk for r, n, pk in Organizzazione.objects.values_list("regione_id", "nome_normalizzato", "pk")}

    organizzazioni = org_esistenti()
    nuove_org: dict[tuple[int, str], Organizzazione] = {}
    for spec in nuovi_tavoli:
        regione_id = regione_di[spec.tavolo.progetto_id]
        for nome, categoria in spec.organizzazioni:
            chiave = (regione_id, Organizzazione.normalizza(nome))
            if chiave not in organizzazioni and chiave not in nuove_org:
                nuove_org[chiave] = Organizzazione(
                    regione_id=regione_id, nome=nome, nome_normalizzato=chiave[1], categoria=categoria
                )
    crea(Organizzazione, list(nuove_org.values()))
    if nuove_org:
        organizzazioni = org_esistenti()
    crea(TavoloConfronto, [spec.tavolo for spec in nuovi_tavoli])
    tavoli = esistenti(TavoloConfronto, progetti)
    Partecipazione = TavoloConfronto.organizzazioni.through
    partecipazioni = {
        (
            tavoli[(spec.tavolo.progetto_id, spec.tavolo.titolo)],
            organizzazioni[(regione_di[spec.tavolo.progetto_id], Organizzazione.normalizza(nome))],
        )
        for spec in nuovi_tavoli
        for nome, _categoria in spec.organizzazioni
    }
    crea(Partecipazione, [Partecipazione(tavoloconfronto_id=t, organizzazione_id=o) for t, o in partecipazioni])
    return TavoliDemo(tutti=tutti_i_tavoli, nuovi=nuovi_tavoli, pk=tavoli, organizzazioni_nuove=len(nuove_org))
