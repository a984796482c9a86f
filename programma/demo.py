"""Demo users, the skeleton of the programme (edition, regional projects) and realistic activity
data (tavoli, organisations, works, events, reports, phase plans), for `seed_demo`."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction

from eventi.models import Evento, Tema
from programma.models import Fase, OperaPrioritaria, ProgettoRegionale, Programma, Report
from regioni.models import Appartenenza, Ente, Provincia, Regione
from regioni.scoping import Ruolo
from tavoli.models import Categoria, Organizzazione, StatoAttivita, TavoloConfronto

PASSWORD_DEMO = "demo"
NOME_EDIZIONE_DEMO = "Programma Infrastrutture 2025-2026"


def ente_di_riferimento(regione: Regione) -> Ente:
    """The Unione regionale where there is one, else the region's first Camera di commercio."""
    enti = list(regione.enti.order_by("tipo", "nome"))  # camera_commercio < unione_regionale
    unioni = [e for e in enti if e.tipo == Ente.Tipo.UNIONE_REGIONALE]
    return (unioni or enti)[0]


@transaction.atomic
def crea_utenti_demo() -> list[str]:
    """Create (or reset) `admin`, `coordinatore` and one `operatore-<slug>` per region; password `demo`."""
    User = get_user_model()
    gruppi = {g.name: g for g in Group.objects.filter(name__in=Ruolo.TUTTI)}
    creati = []

    def utente(username: str, ruolo: str, **extra: object) -> object:
        user, _ = User.objects.get_or_create(username=username)
        for key, value in extra.items():
            setattr(user, key, value)
        user.set_password(PASSWORD_DEMO)
        user.save()
        user.groups.set([gruppi[ruolo]])
        creati.append(username)
        return user

    utente("admin", Ruolo.AMMINISTRATORE, is_staff=True, is_superuser=True, first_name="Amministratore", last_name="Demo")
    utente("coordinatore", Ruolo.COORDINATORE, first_name="Coordinamento", last_name="Nazionale")
    for regione in Regione.objects.prefetch_related("enti"):
        user = utente(f"operatore-{regione.slug}", Ruolo.OPERATORE, first_name="Operatore", last_name=regione.nome_breve)
        Appartenenza.objects.update_or_create(utente=user, defaults={"ente": ente_di_riferimento(regione)})
    return creati


@transaction.atomic
def crea_edizione_demo(*, oggi: dt.date) -> Programma:
    """The active edition with one regional project (and its four phases) per region."""
    programma, _ = Programma.objects.get_or_create(
        nome=NOME_EDIZIONE_DEMO,
        defaults={"data_inizio": dt.date(2025, 1, 1), "data_fine": dt.date(2026, 12, 31), "attivo": True},
    )
    if not programma.attivo:
        programma.attivo = True
        programma.save()
    esistenti = set(programma.progetti.values_list("regione_id", flat=True))
    for regione in Regione.objects.prefetch_related("enti").exclude(pk__in=esistenti):
        ProgettoRegionale.objects.create(
            programma=programma,
            regione=regione,
            ente_capofila=ente_di_riferimento(regione),
            titolo=f"Infrastrutture per la competitività — {regione.nome_breve}",
            budget=150000,
        )
    return programma


# --- Activity data -----------------------------------------------------------------------------
#
# Every demo row has a deterministic natural key (works: `codice` "DEMO-<region>-<n>"; tavoli,
# events and reports: a title carrying their sequence number n within the regional project), and
# row n is drawn from its own `random.Random` seeded with its key. Row n is therefore the same
# whatever the scale, and a run only creates the keys that are missing: running twice changes
# nothing, a larger --scale tops up, and rows a user created are never touched.

SEME_DEMO = 2025
PREFISSO_OPERE = "DEMO-"
BATCH = 2000

# Tavoli per region at scale 1 (≈ the first edition's 94+ tavoli); works, events and reports follow.
TAVOLI_PER_REGIONE = {
    "01": 7, "02": 2, "03": 12, "04": 3, "05": 8, "06": 4, "07": 4, "08": 8, "09": 7, "10": 3,
    "11": 5, "12": 7, "13": 4, "14": 2, "15": 7, "16": 6, "17": 2, "18": 5, "19": 7, "20": 5,
}  # fmt: skip
TOTALE_TAVOLI = sum(TAVOLI_PER_REGIONE.values())
OPERE_SCALA_1 = 516
EVENTI_SCALA_1 = 150
REPORT_PER_REGIONE = 2

CAPOLUOGHI_DI_REGIONE = {
    "01": "TO", "02": "AO", "03": "MI", "04": "TN", "05": "VE", "06": "TS", "07": "GE", "08": "BO", "09": "FI",
    "10": "PG", "11": "AN", "12": "RM", "13": "AQ", "14": "CB", "15": "NA", "16": "BA", "17": "PZ", "18": "CZ",
    "19": "PA", "20": "CA",
}  # fmt: skip
# Province (UTS) whose name is not the name of its chief town.
CAPOLUOGHI = {
    "AO": "Aosta", "VB": "Verbania", "MB": "Monza", "BZ": "Bolzano", "RE": "Reggio Emilia", "FC": "Forlì",
    "MS": "Massa", "PU": "Pesaro", "BT": "Barletta", "OT": "Olbia", "OG": "Tortolì", "VS": "Sanluri",
    "SU": "Carbonia",
}  # fmt: skip
LOCALITA = {
    "01": ["Ivrea", "Pinerolo", "Alba", "Casale Monferrato"],
    "02": ["Courmayeur", "Pont-Saint-Martin", "Châtillon", "Saint-Vincent"],
    "03": ["Busto Arsizio", "Seregno", "Legnano", "Crema"],
    "04": ["Merano", "Bressanone", "Rovereto", "Riva del Garda"],
    "05": ["Bassano del Grappa", "Castelfranco Veneto", "Chioggia", "San Donà di Piave"],
    "06": ["Monfalcone", "Cervignano del Friuli", "Tolmezzo", "Codroipo"],
    "07": ["Chiavari", "Sanremo", "Albenga", "Sarzana"],
    "08": ["Carpi", "Imola", "Faenza", "Cesena"],
    "09": ["Empoli", "Piombino", "Viareggio", "Poggibonsi"],
    "10": ["Foligno", "Città di Castello", "Spoleto", "Orvieto"],
    "11": ["Jesi", "Civitanova Marche", "Fano", "San Benedetto del Tronto"],
    "12": ["Civitavecchia", "Fiumicino", "Cassino", "Pomezia"],
    "13": ["Avezzano", "Sulmona", "Vasto", "Lanciano"],
    "14": ["Termoli", "Venafro", "Bojano", "Larino"],
    "15": ["Nola", "Marcianise", "Pozzuoli", "Battipaglia"],
    "16": ["Altamura", "Molfetta", "Monopoli", "Cerignola"],
    "17": ["Melfi", "Policoro", "Lauria", "Pisticci"],
    "18": ["Gioia Tauro", "Lamezia Terme", "Rossano", "Sibari"],
    "19": ["Augusta", "Gela", "Marsala", "Termini Imerese"],
    "20": ["Olbia", "Porto Torres", "Alghero", "Iglesias"],
}
PORTI = {
    "05": ["Venezia", "Chioggia"], "06": ["Trieste", "Monfalcone"], "07": ["Genova", "Savona", "La Spezia"],
    "08": ["Ravenna"], "09": ["Livorno", "Piombino", "Marina di Carrara"], "11": ["Ancona"],
    "12": ["Civitavecchia", "Gaeta"], "13": ["Ortona", "Pescara"], "14": ["Termoli"], "15": ["Napoli", "Salerno"],
    "16": ["Bari", "Brindisi", "Taranto"], "18": ["Gioia Tauro", "Reggio Calabria", "Crotone"],
    "19": ["Palermo", "Catania", "Augusta", "Messina"], "20": ["Cagliari", "Olbia", "Porto Torres"],
}  # fmt: skip
AUTORITA_PORTUALI = {
    "05": ["Autorità di sistema portuale del Mare Adriatico settentrionale"],
    "06": ["Autorità di sistema portuale del Mare Adriatico orientale"],
    "07": ["Autorità di sistema portuale del Mar Ligure occidentale", "Autorità di sistema portuale del Mar Ligure orientale"],
    "08": ["Autorità di sistema portuale del Mare Adriatico centro-settentrionale"],
    "09": ["Autorità di sistema portuale del Mar Tirreno settentrionale", "Autorità di sistema portuale del Mar Ligure orientale"],
    "11": ["Autorità di sistema portuale del Mare Adriatico centrale"],
    "12": ["Autorità di sistema portuale del Mar Tirreno centro-settentrionale"],
    "13": ["Autorità di sistema portuale del Mare Adriatico centrale"],
    "15": ["Autorità di sistema portuale del Mar Tirreno centrale"],
    "16": ["Autorità di sistema portuale del Mare Adriatico meridionale", "Autorità di sistema portuale del Mar Ionio"],
    "18": ["Autorità di sistema portuale dei Mari Tirreno meridionale e Ionio", "Autorità di sistema portuale dello Stretto"],
    "19": ["Autorità di sistema portuale del Mare di Sicilia occidentale", "Autorità di sistema portuale del Mare di Sicilia orientale", "Autorità di sistema portuale dello Stretto"],
    "20": ["Autorità di sistema portuale del Mare di Sardegna"],
}  # fmt: skip
AEROPORTI = {
    "01": ["Torino", "Cuneo"], "02": ["Aosta"], "03": ["Milano Malpensa", "Milano Linate", "Bergamo Orio al Serio", "Brescia Montichiari"],
    "04": ["Bolzano"], "05": ["Venezia", "Verona", "Treviso"], "06": ["Trieste"], "07": ["Genova"],
    "08": ["Bologna", "Rimini", "Parma", "Forlì"], "09": ["Firenze", "Pisa"], "10": ["Perugia"], "11": ["Ancona"],
    "12": ["Roma Fiumicino", "Roma Ciampino"], "13": ["Pescara"], "15": ["Napoli", "Salerno"],
    "16": ["Bari", "Brindisi", "Foggia", "Taranto-Grottaglie"], "18": ["Lamezia Terme", "Reggio Calabria", "Crotone"],
    "19": ["Palermo", "Catania", "Trapani", "Comiso"], "20": ["Cagliari", "Olbia", "Alghero"],
}  # fmt: skip
# Regions on the Po and the Venetian lagoon: their "port" works are inland waterways.
REGIONI_IDROVIE = {"01", "03", "05", "08"}
REGIONI_STATUTO_SPECIALE = {
    "02": "Regione autonoma Valle d'Aosta", "04": "Regione autonoma Trentino-Alto Adige",
    "06": "Regione autonoma Friuli Venezia Giulia", "19": "Regione Siciliana", "20": "Regione autonoma della Sardegna",
}  # fmt: skip

GESTORI_NAZIONALI = [
    "RFI — Rete Ferroviaria Italiana", "ANAS", "Autostrade per l'Italia", "Ferrovie dello Stato Italiane",
    "Trenitalia", "Mercitalia Logistics", "Italferr", "Terna", "Snam", "Open Fiber", "Infratel Italia", "TIM",
    "ENAC — Ente nazionale per l'aviazione civile", "ENAV",
]  # fmt: skip
ASSOCIAZIONI_REGIONALI = [
    "Confindustria {r}", "Confcommercio {r}", "Confartigianato Imprese {r}", "CNA {r}", "Confesercenti {r}",
    "Coldiretti {r}", "Confagricoltura {r}", "Legacoop {r}", "Confcooperative {r}", "ANCE {r}",
    "Federmanager {r}", "Confapi {r}",
]  # fmt: skip
# Per province: (pattern, category); {c} is the chief town, {p} the province.
ORGANIZZAZIONI_PROVINCIALI = [
    ("Comune di {c}", "istituzioni"),
    ("Provincia di {p}", "istituzioni"),
    ("Confcommercio {p}", "associazioni"),
    ("Confartigianato {p}", "associazioni"),
    ("CNA {p}", "associazioni"),
    ("Confesercenti {p}", "associazioni"),
    ("ANCE {p}", "associazioni"),
    ("Confindustria {p}", "associazioni"),
    ("Coldiretti {p}", "associazioni"),
    ("Ordine degli ingegneri della provincia di {p}", "esperti"),
    ("Ordine degli architetti PPC della provincia di {p}", "esperti"),
    ("Collegio dei geometri di {p}", "esperti"),
    ("Ordine dei dottori commercialisti di {p}", "esperti"),
    ("Associazione autotrasportatori di {p}", "associazioni"),
]

COGNOMI = [nome.replace("_", " ") for nome in (
    "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti De_Luca "
    "Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi Caruso "
    "Ferrara Galli Martini Leone Longo Gentile Martinelli Vitale Lombardo Serra Coppola De_Santis "
    "D'Angelo Marchetti Parisi Villa Conte Ferraro Ferri Fabbri Bianco Marini Grasso Valentini Messina "
    "Sala De_Angelis Gatti Pellegrini Palumbo Sanna Farina Rizzi Monti Cattaneo Morelli Amato Silvestri "
    "Mazza Testa Grassi Pellegrino Carbone Giuliani Benedetti Barone Rossetti Caputo Montanari Guerra "
    "Palmieri Bernardi Martino Fiore De_Rosa Ferretti Bellini Basile Riva Donati Piras Vitali Battaglia "
    "Sartori Neri Costantini Milani Pagano Ruggiero Sorrentino D'Amico Orlando Negri"
).split()]
SETTORI = [
    "Trasporti", "Logistica", "Autotrasporti", "Spedizioni", "Costruzioni", "Meccanica", "Acciai", "Impianti",
    "Agroalimentare", "Ceramiche", "Tessile", "Plastica", "Packaging", "Elettronica", "Chimica", "Farmaceutica",
    "Legno e Arredo", "Vetro", "Cementi", "Servizi Portuali", "Terminal", "Distribuzione", "Intermodale",
    "Energia", "Telecomunicazioni", "Ingegneria", "Carpenterie", "Calcestruzzi", "Frigo Logistica", "Movimento Terra",
    "Vini", "Caseificio", "Oleificio", "Pastificio", "Automazione", "Cartiere", "Fonderie", "Gomma", "Marmi", "Tubi",
]  # fmt: skip
FORME = ["S.r.l.", "S.p.A.", "S.n.c.", "S.a.s.", "Società cooperativa"]

TEMI_TAVOLO = [
    "sulla logistica", "sull'accessibilità stradale", "sul trasporto ferroviario delle merci", "sull'intermodalità",
    "sul trasporto aereo", "sulle infrastrutture digitali", "sulle infrastrutture energetiche",
    "sulla mobilità sostenibile", "sulle opere prioritarie del territorio", "sull'accessibilità turistica",
    "sulla portualità", "sui collegamenti con i corridoi europei TEN-T",
]  # fmt: skip
LUOGHI_TAVOLO = [
    "Sala consiliare della Camera di commercio di {c}", "Sede di Confindustria {p}", "Palazzo della Provincia di {p}",
    "Sala conferenze del Comune di {c}", "Centro congressi di {c}",
]  # fmt: skip

MODALITA_OPERE = [  # (mode, weight %) from DESIGN.md, plus a few digital and energy works
    ("stradale", 44), ("ferroviaria", 33), ("portuale", 6), ("interportuale", 6), ("aeroportuale", 5),
    ("idroviaria", 1.2), ("ciclabile", 2), ("altro", 0.8), ("digitale", 1.2), ("energetica", 0.8),
]  # fmt: skip
# Median cost (€) per mode; costs are log-normal around it, clipped to 1 M€ .. 5 bn€.
COSTO_MEDIANO = {
    "stradale": 75e6, "ferroviaria": 420e6, "portuale": 120e6, "interportuale": 45e6, "aeroportuale": 80e6,
    "idroviaria": 30e6, "ciclabile": 8e6, "altro": 3e6, "digitale": 20e6, "energetica": 90e6,
}  # fmt: skip
TITOLI_OPERE = {
    "stradale": [
        "Adeguamento della strada statale {ss} tra {a} e {b}", "Variante di {a} alla strada statale {ss}",
        "Completamento della tangenziale di {a}", "Terza corsia dell'autostrada A{au} nel tratto {a}–{b}",
        "Nuovo svincolo autostradale di {a}", "Messa in sicurezza della strada provinciale {sp} {a}–{b}",
        "Collegamento stradale veloce {a}–{b}", "Nuovo ponte stradale e viabilità di accesso di {a}",
    ],
    "ferroviaria": [
        "Raddoppio della linea ferroviaria {a}–{b}", "Elettrificazione della linea ferroviaria {a}–{b}",
        "Potenziamento del nodo ferroviario di {a}", "Velocizzazione della linea {a}–{b}",
        "Adeguamento a modulo 750 m e sagoma P/C80 della linea {a}–{b}", "Nuovo scalo merci ferroviario di {a}",
        "Nuova fermata ferroviaria di {a}",
    ],
    "portuale": [
        "Nuova diga foranea del porto di {porto}", "Dragaggio dei fondali del porto di {porto}",
        "Ultimo miglio ferroviario del porto di {porto}", "Potenziamento del terminal container del porto di {porto}",
        "Elettrificazione delle banchine (cold ironing) del porto di {porto}",
    ],
    "interportuale": [
        "Potenziamento dell'interporto di {a}", "Nuovo terminal intermodale di {a}",
        "Raccordo ferroviario della piattaforma logistica di {a}", "Centro logistico e area retroportuale di {a}",
    ],
    "aeroportuale": [
        "Ampliamento del terminal passeggeri dell'aeroporto di {aeroporto}",
        "Riqualifica della pista di volo dell'aeroporto di {aeroporto}",
        "Nuova area cargo dell'aeroporto di {aeroporto}", "Accessibilità su ferro all'aeroporto di {aeroporto}",
    ],
    "idroviaria": ["Sistema idroviario padano-veneto: banchina fluviale di {a}", "Navigabilità del Po nel tratto di {a}"],
    "ciclabile": ["Ciclovia turistica {a}–{b}", "Rete ciclabile urbana di {a}", "Ciclovia lungo la ferrovia dismessa {a}–{b}"],
    "digitale": [
        "Copertura in banda ultralarga delle aree produttive di {a}", "Rete 5G per il distretto industriale di {a}",
        "Fibra ottica per le imprese delle aree interne di {a}",
    ],
    "energetica": [
        "Elettrodotto {a}–{b}", "Comunità energetica dell'area industriale di {a}",
        "Impianto di produzione di idrogeno verde nell'area di {a}",
    ],
    "altro": [
        "Piattaforma regionale per la governance della logistica", "Sportello unico doganale e dei controlli di {a}",
        "Osservatorio territoriale delle infrastrutture di {a}",
    ],
}
FONTI = {
    "stradale": ["Contratto di programma ANAS", "Fondi regionali", "Fondo per lo sviluppo e la coesione", "Concessionario autostradale"],
    "ferroviaria": ["Contratto di programma RFI", "Fondo per lo sviluppo e la coesione", "CEF — Connecting Europe Facility"],
    "portuale": ["Fondi dell'Autorità di sistema portuale", "Fondo complementare al PNRR", "CEF — Connecting Europe Facility"],
}  # fmt: skip
FONTI_ALTRE = ["Fondi regionali", "Project financing", "Fondo per lo sviluppo e la coesione", "Da reperire"]
FONTE_PNRR = {"digitale": "PNRR — Missione 1", "energetica": "PNRR — Missione 2"}

# Event kinds per phase: (type, weight, title pattern, themes).
EVENTI_FASE_3 = [
    ("incontro_bul_5g", 50, "Incontro n. {n}: banda ultralarga e 5G per le PMI — {c}", ["bul", "5g"]),
    ("seminario", 20, "Seminario n. {n}: i cantieri BUL e il piano Italia 5G — {c}", ["bul", "5g", "digitale"]),
    ("webinar", 20, "Webinar n. {n}: voucher connettività e servizi digitali per le imprese", ["bul", "digitale"]),
    ("workshop", 10, "Workshop n. {n}: la trasformazione digitale delle filiere — {c}", ["digitale", "5g"]),
]
EVENTI_FASE_4 = [
    ("tappa_roadshow", 75, "Roadshow camerale, tappa n. {n} — {c}", ["trasporti", "logistica"]),
    ("convegno", 25, "Convegno n. {n}: infrastrutture e competitività del territorio — {c}", ["trasporti", "logistica", "energia"]),
]  # fmt: skip
TEMI_REPORT = [
    "accessibilità e logistica", "il trasporto merci su ferro", "porti e retroporti", "la domanda di mobilità delle imprese",
    "lo stato di avanzamento delle opere prioritarie", "la connettività digitale delle aree produttive",
]  # fmt: skip


def _rng(*chiave: object) -> random.Random:
    """A generator of its own for one demo row: the row is the same whatever the scale."""
    return random.Random("|".join(str(parte) for parte in (SEME_DEMO, *chiave)))


def _scegli_pesato(rng: random.Random, voci: list[tuple]) -> tuple:
    return rng.choices(voci, weights=[voce[1] for voce in voci])[0]


def _data_tra(rng: random.Random, inizio: dt.date, fine: dt.date) -> dt.date:
    return inizio + dt.timedelta(days=rng.randint(0, max(0, (fine - inizio).days)))


def _stato_per_data(rng: random.Random, data: dt.date, oggi: dt.date) -> str:
    if rng.random() < 0.06:
        return StatoAttivita.ANNULLATO
    return StatoAttivita.SVOLTO if data < oggi else StatoAttivita.PIANIFICATO


def capoluogo(provincia: Provincia) -> str:
    return CAPOLUOGHI.get(provincia.sigla, provincia.nome)


def _nome_impresa(indice: int) -> tuple[str, str]:
    """The indice-th name of a stream of firms and technical firms (not unique: callers skip repeats)."""
    rng = _rng("impresa", indice)
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


class _FlussoImprese:
    """Distinct firm names, interleaved across regions so that the j-th firm of a region never
    depends on the scale (position j * 20 + region) and two regions never share one by chance."""

    def __init__(self) -> None:
        self._nomi: list[tuple[str, str]] = []
        self._visti: set[str] = set()
        self._prossimo = 0

    def __getitem__(self, posizione: int) -> tuple[str, str]:
        while len(self._nomi) <= posizione:
            nome, categoria = _nome_impresa(self._prossimo)
            self._prossimo += 1
            if nome.casefold() not in self._visti:
                self._visti.add(nome.casefold())
                self._nomi.append((nome, categoria))
        return self._nomi[posizione]


@dataclass
class _Territorio:
    """What the generator needs to know about one region, read once."""

    regione: Regione
    indice: int  # 0..19, for interleaving
    progetto: ProgettoRegionale
    province: list[Provincia]  # regional capital first
    fasi: dict[int, Fase]

    @property
    def codice(self) -> str:
        return self.regione.codice_istat

    @property
    def nome(self) -> str:
        return self.regione.nome_breve

    def periodo(self, numero: int, edizione: Programma) -> tuple[dt.date, dt.date]:
        fase = self.fasi.get(numero)
        if fase and fase.data_inizio_prevista and fase.data_fine_prevista:
            return fase.data_inizio_prevista, fase.data_fine_prevista
        # A phase without planned dates (edited by a user): the matching quarter of the edition.
        durata = (edizione.data_fine - edizione.data_inizio) / 4
        inizio = edizione.data_inizio + durata * (numero - 1)
        return inizio, inizio + durata

    def luoghi(self) -> list[str]:
        return [capoluogo(p) for p in self.province] + LOCALITA.get(self.codice, [])


@dataclass
class Quote:
    tavoli: int
    opere: int
    eventi: int
    report: int


def quote_regione(codice_istat: str, scala: int) -> Quote:
    """How many rows of each kind a region gets at a scale; scale 1 ≈ the first edition."""
    tavoli = TAVOLI_PER_REGIONE[codice_istat]
    return Quote(
        tavoli=tavoli * scala,
        opere=round(OPERE_SCALA_1 * tavoli / TOTALE_TAVOLI) * scala,
        eventi=max(3, round(EVENTI_SCALA_1 * tavoli / TOTALE_TAVOLI)) * scala,
        report=REPORT_PER_REGIONE * scala,
    )


@dataclass
class RiepilogoDemo:
    """Rows created by this run and totals of demo rows, per kind (Italian labels, for the summary)."""

    creati: dict[str, int] = field(default_factory=dict)
    totali: dict[str, int] = field(default_factory=dict)

    def righe(self) -> list[str]:
        return [
            f"  {voce}: {self.totali.get(voce, 0):,} (nuovi: {self.creati.get(voce, 0):,})".replace(",", ".")
            for voce in self.totali
        ]


def _territori(programma: Programma) -> list[_Territorio]:
    progetti = {p.regione_id: p for p in programma.progetti.select_related("regione")}
    province: dict[int, list[Provincia]] = {}
    for provincia in Provincia.objects.order_by("codice_istat"):
        province.setdefault(provincia.regione_id, []).append(provincia)
    fasi: dict[int, dict[int, Fase]] = {}
    for fase in Fase.objects.filter(progetto__programma=programma):
        fasi.setdefault(fase.progetto_id, {})[fase.numero] = fase
    territori = []
    for indice, regione in enumerate(Regione.objects.order_by("codice_istat")):
        progetto = progetti.get(regione.pk)
        if progetto is None:
            continue
        elenco = province.get(regione.pk, [])
        sigla = CAPOLUOGHI_DI_REGIONE.get(regione.codice_istat)
        elenco = sorted(elenco, key=lambda p: p.sigla != sigla)  # stable: ISTAT order after the capital
        territori.append(_Territorio(regione, indice, progetto, elenco, fasi.get(progetto.pk, {})))
    return territori


def _pianifica_fasi(territori: list[_Territorio], oggi: dt.date) -> int:
    """Plan the phases the seed created and nobody touched: phase 1 mostly done, 2 under way, 3 and 4
    starting, with a few regions past a planned end. Phases somebody edited are left alone."""
    Stato = Fase.Stato
    mancanti = [
        Fase(progetto=t.progetto, numero=numero)
        for t in territori
        for numero in Fase.Numero.values
        if numero not in t.fasi
    ]
    Fase.objects.bulk_create(mancanti, batch_size=BATCH)
    if mancanti:
        for fase in Fase.objects.filter(pk__in=[f.pk for f in mancanti if f.pk]):
            next(t for t in territori if t.progetto.pk == fase.progetto_id).fasi[fase.numero] = fase
        for t in territori:  # backends that return no primary keys from bulk_create
            if len(t.fasi) < 4:
                t.fasi = {f.numero: f for f in t.progetto.fasi.all()}
    da_aggiornare = []
    for t in territori:
        if not all(
            f.stato == Stato.DA_AVVIARE and not f.avanzamento and not f.note and f.data_inizio_prevista is None
            for f in t.fasi.values()
        ):
            continue
        rng = _rng("fasi", t.codice)

        def giorni(da: int, a: int, rng: random.Random = rng) -> dt.date:
            return oggi + dt.timedelta(days=rng.randint(da, a))

        f1, f2, f3, f4 = (t.fasi[n] for n in (1, 2, 3, 4))
        f1.data_inizio_prevista, f1.data_fine_prevista = giorni(-450, -400), giorni(-240, -180)
        f2.data_inizio_prevista = f1.data_fine_prevista - dt.timedelta(days=30)
        in_ritardo = rng.random() < 0.2
        f2.data_fine_prevista = giorni(-60, -15) if in_ritardo else giorni(30, 150)
        f3.data_inizio_prevista, f3.data_fine_prevista = giorni(-240, -30), giorni(60, 200)
        f4.data_inizio_prevista, f4.data_fine_prevista = giorni(-90, 150), giorni(250, 400)
        if rng.random() < 0.85:
            f1.stato, f1.avanzamento = Stato.COMPLETATA, 100
            f1.data_inizio_effettiva = f1.data_inizio_prevista + dt.timedelta(days=rng.randint(0, 20))
            f1.data_fine_effettiva = f1.data_fine_prevista + dt.timedelta(days=rng.randint(-10, 40))
        else:  # late: past its planned end, not completed
            f1.stato, f1.avanzamento = Stato.IN_CORSO, rng.randint(75, 95)
            f1.data_inizio_effettiva = f1.data_inizio_prevista + dt.timedelta(days=rng.randint(0, 30))
        f2.stato, f2.avanzamento = Stato.IN_CORSO, rng.randint(30, 85)
        f2.data_inizio_effettiva = f2.data_inizio_prevista + dt.timedelta(days=rng.randint(0, 25))
        for fase in (f3, f4):
            if fase.data_inizio_prevista < oggi and rng.random() < 0.85:
                fase.stato, fase.avanzamento = Stato.IN_CORSO, rng.randint(5, 40)
                fase.data_inizio_effettiva = fase.data_inizio_prevista + dt.timedelta(days=rng.randint(0, 10))
        da_aggiornare += [f1, f2, f3, f4]
    Fase.objects.bulk_update(
        da_aggiornare,
        ["stato", "avanzamento", "data_inizio_prevista", "data_fine_prevista", "data_inizio_effettiva", "data_fine_effettiva"],
        batch_size=BATCH,
    )
    return len(da_aggiornare)


@dataclass
class _SpecTavolo:
    tavolo: TavoloConfronto
    organizzazioni: list[tuple[str, str]]  # (name, category)
    indice: int


def _spec_tavoli(t: _Territorio, quote: Quote, edizione: Programma, imprese: _FlussoImprese, oggi: dt.date) -> list[_SpecTavolo]:
    specs = []
    posizione_impresa = 0  # region-local ordinal of the next firm: same prefix at every scale
    regione_nome = REGIONI_STATUTO_SPECIALE.get(t.codice, f"Regione {t.nome}")
    gestori_regionali = AUTORITA_PORTUALI.get(t.codice, []) + [
        f"Società di gestione dell'aeroporto di {a}" for a in AEROPORTI.get(t.codice, [])
    ]
    for n in range(1, quote.tavoli + 1):
        rng = _rng("tavolo", t.codice, n)
        provincia = t.province[(n - 1) % len(t.province)]
        citta = capoluogo(provincia)
        fase = 1 if rng.random() < 0.8 else 2
        data = _data_tra(rng, *t.periodo(fase, edizione))
        stato = _stato_per_data(rng, data, oggi)
        modalita = _scegli_pesato(rng, [("in_presenza", 70), ("ibrido", 20), ("online", 10)])[0]
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
        specs.append(_SpecTavolo(tavolo, organizzazioni, n))
    return specs


def _codice_opera(codice_regione: str, n: int) -> str:
    return f"{PREFISSO_OPERE}{codice_regione}-{n:04d}"


def _tavolo_di_opera(n: int, codice_regione: str) -> int:
    """The tavolo (sequence number) where work n emerged: works are spread evenly over the tavoli."""
    tavoli = TAVOLI_PER_REGIONE[codice_regione]
    opere = quote_regione(codice_regione, 1).opere
    return (n - 1) * tavoli // opere + 1


def _opere_del_tavolo(codice_regione: str, numero_tavolo: int) -> range:
    """The works (sequence numbers) that emerged at a tavolo: the inverse of `_tavolo_di_opera`."""
    tavoli = TAVOLI_PER_REGIONE[codice_regione]
    opere = quote_regione(codice_regione, 1).opere
    return range(-(-(numero_tavolo - 1) * opere // tavoli) + 1, -(-numero_tavolo * opere // tavoli) + 1)


def _spec_opera(t: _Territorio, n: int, oggi: dt.date) -> tuple[OperaPrioritaria, list[Provincia], int]:
    rng = _rng("opera", t.codice, n)
    modalita = _scegli_pesato(rng, MODALITA_OPERE)[0]
    if modalita == "portuale" and t.codice not in PORTI:
        modalita = "idroviaria" if t.codice in REGIONI_IDROVIE else "interportuale"
    if modalita == "aeroportuale" and t.codice not in AEROPORTI:
        modalita = "stradale"
    if modalita == "idroviaria" and t.codice not in REGIONI_IDROVIE:
        modalita = "portuale" if t.codice in PORTI else "ciclabile"
    province = [rng.choice(t.province)]
    if len(t.province) > 1 and rng.random() < 0.3:
        province.append(rng.choice([p for p in t.province if p != province[0]]))
    luoghi = t.luoghi()
    a = capoluogo(province[0])
    b = capoluogo(province[1]) if len(province) > 1 else rng.choice([luogo for luogo in luoghi if luogo != a])
    titolo = rng.choice(TITOLI_OPERE[modalita]).format(
        a=a, b=b, ss=rng.randint(1, 700), sp=rng.randint(1, 400), au=rng.randint(1, 33),
        porto=rng.choice(PORTI.get(t.codice, [a])), aeroporto=rng.choice(AEROPORTI.get(t.codice, [a])),
    )  # fmt: skip
    costo = min(5e9, max(1e6, rng.lognormvariate(math.log(COSTO_MEDIANO[modalita]), 1.25)))
    stato = _scegli_pesato(
        rng, [("proposta", 20), ("in_progettazione", 35), ("in_affidamento", 12), ("in_esecuzione", 25), ("completata", 4), ("sospesa", 4)]
    )[0]  # fmt: skip
    semaforo = "rosso" if stato == "sospesa" else _scegli_pesato(rng, [("verde", 55), ("giallo", 30), ("rosso", 15)])[0]
    pnrr = rng.random() < 0.28
    if pnrr:
        fonte = FONTE_PNRR.get(modalita, "PNRR — Missione 3")
    else:
        fonte = rng.choice(FONTI.get(modalita, FONTI_ALTRE))
    if stato == "completata":
        completamento = oggi - dt.timedelta(days=rng.randint(30, 700))
    else:
        completamento = dt.date(rng.randint(oggi.year + 1, oggi.year + 9), rng.randint(1, 12), 1) - dt.timedelta(days=1)
    cup = ""
    if rng.random() < 0.45:
        cup = f"{rng.choice('BCDEFGHIJ')}{rng.randint(16, 25)}{rng.choice('ABCDEFGHIJ')}{rng.randint(0, 10**11 - 1):011d}"
    opera = OperaPrioritaria(
        codice=_codice_opera(t.codice, n),
        cup=cup,
        titolo=titolo,
        descrizione=f"Opera segnalata dal territorio di {a} nel corso dei tavoli di confronto del programma.",
        modalita=modalita,
        livello_priorita=_scegli_pesato(rng, [(1, 48), (2, 32), (3, 20)])[0],
        stato=stato,
        semaforo=semaforo,
        costo_stimato=Decimal(round(costo, -3)).quantize(Decimal("0.01")),
        finanziamento_pnrr=pnrr,
        commissario_straordinario=modalita in ("stradale", "ferroviaria") and costo > 5e8 and rng.random() < 0.5,
        fonte_finanziamento=fonte,
        regione=t.regione,
        progetto=t.progetto,
        data_completamento_prevista=completamento,
    )
    return opera, province, _tavolo_di_opera(n, t.codice)


def _spec_evento(t: _Territorio, n: int, edizione: Programma, oggi: dt.date) -> tuple[Evento, list[str]]:
    rng = _rng("evento", t.codice, n)
    finale = n % quote_regione(t.codice, 1).eventi == 0  # one closing event per region and scale unit
    fase = 4 if finale or rng.random() < 0.35 else 3
    if finale:
        tipo, modello, temi = "evento_finale", "Evento finale n. {n} del programma — {c}", ["trasporti", "logistica", "bul"]
    else:
        tipo, _peso, modello, temi = _scegli_pesato(rng, EVENTI_FASE_4 if fase == 4 else EVENTI_FASE_3)
    provincia = t.province[0] if finale else rng.choice(t.province)
    citta = capoluogo(provincia)
    inizio, fine = t.periodo(fase, edizione)
    if not finale and inizio < oggi and rng.random() < 0.6:
        fine = min(fine, oggi - dt.timedelta(days=1))  # most of a running phase's events are behind us
    data = fine if finale else _data_tra(rng, inizio, fine)
    stato = _stato_per_data(rng, data, oggi)
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
    return evento, temi


def _spec_report(t: _Territorio, n: int, edizione: Programma, oggi: dt.date) -> Report:
    rng = _rng("report", t.codice, n)
    if n == 1:
        inizio, fine = t.periodo(2, edizione)
        data = fine if fine < oggi else _data_tra(rng, inizio, fine)
        return Report(
            progetto=t.progetto, fase=t.fasi.get(2), tipo=Report.Tipo.LIBRO_BIANCO, data=data, pubblicato=data <= oggi,
            titolo=f"Libro bianco sulle priorità infrastrutturali — {t.nome}",
            abstract=f"Le opere prioritarie per la competitività delle imprese del territorio ({t.nome}), "
            "emerse dai tavoli di confronto e condivise con le istituzioni.",
        )  # fmt: skip
    tipo = _scegli_pesato(rng, [(Report.Tipo.REPORT_ANALISI, 60), (Report.Tipo.PRESENTAZIONE, 30), (Report.Tipo.ALTRO, 10)])[0]
    fase = 1 if tipo == Report.Tipo.REPORT_ANALISI else rng.choice([2, 3, 4])
    data = _data_tra(rng, *t.periodo(fase, edizione))
    tema = rng.choice(TEMI_REPORT)
    titolo = {
        Report.Tipo.REPORT_ANALISI: f"Report di analisi n. {n}: {tema} — {t.nome}",
        Report.Tipo.PRESENTAZIONE: f"Presentazione n. {n}: {tema} — {t.nome}",
        Report.Tipo.ALTRO: f"Nota di approfondimento n. {n}: {tema} — {t.nome}",
    }[tipo]
    return Report(
        progetto=t.progetto, fase=t.fasi.get(fase), tipo=tipo, titolo=titolo, data=data, pubblicato=data <= oggi,
        abstract=f"Documento del progetto {t.nome} su {tema}.",
    )  # fmt: skip


def _esistenti(modello: type[models.Model], progetti: list[int]) -> dict[tuple[int, str], int]:
    return {
        (progetto_id, titolo): pk
        for pk, progetto_id, titolo in modello.objects.filter(progetto_id__in=progetti).values_list("pk", "progetto_id", "titolo")
    }


def _crea(modello: type[models.Model], righe: list) -> None:
    modello.objects.bulk_create(righe, batch_size=BATCH)


@transaction.atomic
def crea_attivita_demo(*, programma: Programma, scala: int = 1, oggi: dt.date) -> RiepilogoDemo:
    """Tavoli, organisations, works, events, reports and phase plans for every regional project of
    `programma`, at `scala` times the first edition's volumes. Only missing demo rows are created."""
    riepilogo = RiepilogoDemo()
    territori = _territori(programma)
    progetti = [t.progetto.pk for t in territori]
    riepilogo.creati["fasi pianificate"] = _pianifica_fasi(territori, oggi)
    quote = {t.codice: quote_regione(t.codice, scala) for t in territori}

    # Tavoli and the organisations that took part.
    imprese = _FlussoImprese()
    tavoli_esistenti = _esistenti(TavoloConfronto, progetti)
    tutti_i_tavoli = [spec for t in territori for spec in _spec_tavoli(t, quote[t.codice], programma, imprese, oggi)]
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
    _crea(Organizzazione, list(nuove_org.values()))
    if nuove_org:
        organizzazioni = org_esistenti()
    _crea(TavoloConfronto, [spec.tavolo for spec in nuovi_tavoli])
    tavoli = _esistenti(TavoloConfronto, progetti)
    Partecipazione = TavoloConfronto.organizzazioni.through
    partecipazioni = {
        (
            tavoli[(spec.tavolo.progetto_id, spec.tavolo.titolo)],
            organizzazioni[(regione_di[spec.tavolo.progetto_id], Organizzazione.normalizza(nome))],
        )
        for spec in nuovi_tavoli
        for nome, _categoria in spec.organizzazioni
    }
    _crea(Partecipazione, [Partecipazione(tavoloconfronto_id=t, organizzazione_id=o) for t, o in partecipazioni])
    riepilogo.creati["tavoli di confronto"] = len(nuovi_tavoli)
    riepilogo.creati["organizzazioni"] = len(nuove_org)

    # Priority works, each tied to the tavolo where it emerged.
    codici_esistenti = set(OperaPrioritaria.objects.filter(codice__startswith=PREFISSO_OPERE).values_list("codice", flat=True))
    tavoli_per_numero = {
        (s.tavolo.progetto_id, s.indice): tavoli.get((s.tavolo.progetto_id, s.tavolo.titolo))
        for s in tutti_i_tavoli
        if s.tavolo.stato == StatoAttivita.SVOLTO
    }
    nuove_opere, province_opere = [], {}
    for t in territori:
        for n in range(1, quote[t.codice].opere + 1):
            if _codice_opera(t.codice, n) in codici_esistenti:
                continue
            opera, province, numero_tavolo = _spec_opera(t, n, oggi)
            opera.tavolo_id = tavoli_per_numero.get((t.progetto.pk, numero_tavolo))
            nuove_opere.append(opera)
            province_opere[opera.codice] = province
    _crea(OperaPrioritaria, nuove_opere)
    opere = dict(OperaPrioritaria.objects.filter(codice__startswith=PREFISSO_OPERE).values_list("codice", "pk"))
    ProvinciaOpera = OperaPrioritaria.province.through
    _crea(
        ProvinciaOpera,
        [ProvinciaOpera(operaprioritaria_id=opere[c], provincia_id=p.pk) for c, elenco in province_opere.items() for p in elenco],
    )
    # Every new tavolo discussed the works that emerged there.
    OperaDiscussa = TavoloConfronto.opere_discusse.through
    discusse = []
    for spec in nuovi_tavoli:
        if spec.tavolo.stato != StatoAttivita.SVOLTO:
            continue
        codice_regione = next(t.codice for t in territori if t.progetto.pk == spec.tavolo.progetto_id)
        tavolo_id = tavoli[(spec.tavolo.progetto_id, spec.tavolo.titolo)]
        for n in _opere_del_tavolo(codice_regione, spec.indice):
            if (opera_id := opere.get(_codice_opera(codice_regione, n))) is not None:
                discusse.append(OperaDiscussa(tavoloconfronto_id=tavolo_id, operaprioritaria_id=opera_id))
    _crea(OperaDiscussa, discusse)
    riepilogo.creati["opere prioritarie"] = len(nuove_opere)

    # Events of phases 3 and 4, and reports.
    eventi_esistenti = _esistenti(Evento, progetti)
    nuovi_eventi, temi_eventi = [], {}
    for t in territori:
        for n in range(1, quote[t.codice].eventi + 1):
            evento, temi = _spec_evento(t, n, programma, oggi)
            if (t.progetto.pk, evento.titolo) not in eventi_esistenti:
                nuovi_eventi.append(evento)
                temi_eventi[(t.progetto.pk, evento.titolo)] = temi
    _crea(Evento, nuovi_eventi)
    eventi = _esistenti(Evento, progetti)
    temi = dict(Tema.objects.values_list("codice", "pk"))
    TemaEvento = Evento.temi.through
    _crea(
        TemaEvento,
        [TemaEvento(evento_id=eventi[chiave], tema_id=temi[c]) for chiave, codici in temi_eventi.items() for c in codici if c in temi],
    )
    riepilogo.creati["eventi"] = len(nuovi_eventi)

    report_esistenti = _esistenti(Report, progetti)
    nuovi_report = [
        report
        for t in territori
        for n in range(1, quote[t.codice].report + 1)
        if (t.progetto.pk, (report := _spec_report(t, n, programma, oggi)).titolo) not in report_esistenti
    ]
    _crea(Report, nuovi_report)
    riepilogo.creati["report"] = len(nuovi_report)

    riepilogo.totali = {
        "fasi pianificate": Fase.objects.filter(progetto__programma=programma, data_inizio_prevista__isnull=False).count(),
        "tavoli di confronto": TavoloConfronto.objects.filter(progetto__programma=programma).count(),
        "organizzazioni": Organizzazione.objects.filter(tavoli__progetto__programma=programma).distinct().count(),
        "opere prioritarie": OperaPrioritaria.objects.filter(codice__startswith=PREFISSO_OPERE).count(),
        "eventi": Evento.objects.filter(progetto__programma=programma).count(),
        "report": Report.objects.filter(progetto__programma=programma).count(),
    }
    return riepilogo
