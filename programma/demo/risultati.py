"""Demo data of the programme's results: strategic projects in every state of their workflow (with
their recommendations, endorsed works, source tavoli and signing enti) and the edition's national
documents, so the public section and the Libri Bianchi have content.

Kept apart from `programma/demo.py` (being split into a package in parallel): `seed_demo` calls
`crea_risultati_demo` after the activities. Idempotent: only regions without a strategic project,
and national documents missing by title, are created. Deterministic: states and texts follow the region.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from contatori.fotografie import fotografie_contatori
from programma.demo.documenti import ContenutoDemo, pdf_dimostrativi, pubblicato_il_demo
from programma.models import (
    DocumentoNazionale,
    Fase,
    Indicazione,
    OperaPrioritaria,
    OperaSostenuta,
    ProgettoRegionale,
    ProgettoStrategico,
    Programma,
    StatoAttivita,
)

Stato = ProgettoStrategico.Stato
# How many regions end in each state, in order of the regions' ISTAT code shuffled by a fixed seed.
QUOTE_STATI = ((Stato.PUBBLICATO, 8), (Stato.APPROVATO, 4), (Stato.IN_REVISIONE, 4), (Stato.BOZZA, 4))
OPERE_PER_PROGETTO = 12
TAVOLI_PER_PROGETTO = 6

INDICAZIONI = {
    Indicazione.Tema.MODALITA: [
        ("Completare il raddoppio delle linee ferroviarie regionali a binario unico usate dal traffico merci.", "Ministero delle infrastrutture e RFI"),
        ("Adeguare gli svincoli della rete autostradale ai flussi dei distretti produttivi di {regione}.", "Regione e concessionari autostradali"),
        ("Rafforzare i collegamenti aerei con gli hub nazionali per il turismo d'affari.", "Regione e gestori aeroportuali"),
    ],
    Indicazione.Tema.LOGISTICA: [
        ("Collegare gli interporti di {regione} ai porti con servizi ferroviari merci a orario cadenzato.",
            "Regione, autorità di sistema portuale, operatori logistici"),
        ("Semplificare le procedure doganali con lo sportello unico e i corridoi controllati.", "Agenzia delle dogane"),
        ("Attrezzare aree di sosta sicure per i mezzi pesanti lungo le direttrici principali.", "Enti locali e concessionari"),
    ],
    Indicazione.Tema.DIGITALE: [
        ("Portare la banda ultralarga in tutte le aree produttive entro la fine del piano Italia a 1 Giga.", "Infratel e operatori di telecomunicazioni"),
        ("Estendere la copertura 5G ai corridoi di trasporto e alle aree logistiche.", "Operatori di telecomunicazioni"),
        ("Accompagnare le PMI nell'uso dei servizi digitali con i punti impresa digitale camerali.", "Camere di commercio"),
    ],
    Indicazione.Tema.ENERGIA: [
        ("Potenziare la rete elettrica delle aree industriali per l'elettrificazione dei consumi.", "Terna e distributori locali"),
        ("Realizzare punti di ricarica per i mezzi pesanti nei nodi logistici.", "Regione e operatori energetici"),
    ],
}

DOCUMENTI_NAZIONALI = [
    (
        DocumentoNazionale.Tipo.ANALISI_DOMANDA_OFFERTA,
        "Analisi nazionale della domanda e dell'offerta di infrastrutture",
        DocumentoNazionale.Stato.PUBBLICATO,
        [
            "L'analisi mette a confronto la domanda di mobilità di persone e merci espressa dalle imprese con l'offerta di "
            "infrastrutture di trasporto, logistiche, digitali ed energetiche dei territori.",
            "È il punto di partenza comune dei progetti regionali: ogni Unione regionale la declina sul proprio territorio "
            "nei tavoli di confronto della fase 1.",
        ],
    ),
    (
        DocumentoNazionale.Tipo.REPORT_ANALISI,
        "Report di analisi: i colli di bottiglia della logistica nazionale",
        DocumentoNazionale.Stato.PUBBLICATO,
        [
            "Il report individua i nodi in cui i ritardi delle opere pesano di più sulla competitività delle imprese.",
        ],
    ),
    (
        DocumentoNazionale.Tipo.PRESENTAZIONE,
        "Presentazione del programma alla rete camerale",
        # Proposed and waiting: the Coordinatore has a national document to publish.
        DocumentoNazionale.Stato.IN_REVISIONE,
        ["Obiettivi, fasi e calendario dell'edizione."],
    ),
    (
        DocumentoNazionale.Tipo.ALTRO,
        "Linee guida per la redazione dei progetti territoriali strategici",
        DocumentoNazionale.Stato.BOZZA,
        ["Indicazioni interne alla rete per la struttura dei Libri Bianchi regionali."],
    ),
]


@dataclass
class RiepilogoRisultati:
    creati: dict[str, int] = field(default_factory=dict)

    def righe(self) -> list[str]:
        return [f"  {nome}: {n} nuovi" for nome, n in self.creati.items()]


def _stati(progetti: list[ProgettoRegionale]) -> dict[int, str]:
    ordine = sorted(progetti, key=lambda p: p.regione.codice_istat)
    random.Random("stati-strategici").shuffle(ordine)
    stati: dict[int, str] = {}
    posizione = 0
    for stato, quanti in QUOTE_STATI:
        for progetto in ordine[posizione : posizione + quanti]:
            stati[progetto.pk] = stato
        posizione += quanti
    for progetto in ordine[posizione:]:
        stati[progetto.pk] = Stato.BOZZA
    return stati


def _contenuto(progetto: ProgettoRegionale, rng: random.Random) -> tuple[str, str]:
    regione = progetto.regione.nome_breve
    contesto = (
        f"{regione} è un territorio in cui la manifattura e i servizi dipendono dall'accessibilità dei nodi "
        f"di trasporto. Dall'analisi nazionale di domanda e offerta emergono per {regione} ritardi nella "
        "connessione tra poli produttivi e reti di trasporto, una copertura digitale ancora disomogenea nelle "
        "aree industriali e una domanda crescente di energia per l'elettrificazione.\n\n"
        f"I tavoli di confronto con esperti, associazioni, imprese, istituzioni e gestori hanno indicato "
        f"{rng.randint(8, 15)} priorità, poi ordinate per urgenza e impatto sulla competitività."
    )
    obiettivi = (
        f"1. Ridurre i tempi di accesso ai nodi logistici di {regione}.\n"
        "2. Completare le opere prioritarie già finanziate rispettando i cronoprogrammi.\n"
        "3. Portare la banda ultralarga e il 5G in tutte le aree produttive.\n"
        "4. Sostenere la transizione energetica delle imprese e dei trasporti."
    )
    return contesto, obiettivi


@transaction.atomic
def crea_risultati_demo(*, programma: Programma, oggi: dt.date) -> RiepilogoRisultati:
    riepilogo = RiepilogoRisultati()
    User = get_user_model()
    coordinatore = User.objects.filter(username="coordinatore").first()
    progetti = list(ProgettoRegionale.objects.filter(programma=programma).select_related("regione", "ente_capofila"))
    esistenti = set(ProgettoStrategico.objects.filter(progetto__in=progetti).values_list("progetto_id", flat=True))
    stati = _stati(progetti)
    adesso = timezone.now()
    nuovi: list[ProgettoStrategico] = []
    for progetto in progetti:
        if progetto.pk in esistenti:
            continue
        rng = random.Random(f"strategico-{progetto.regione.codice_istat}")
        contesto, obiettivi = _contenuto(progetto, rng)
        stato = stati[progetto.pk]
        strategico = ProgettoStrategico(
            progetto=progetto,
            titolo=f"Libro Bianco delle infrastrutture — {progetto.regione.nome_breve}",
            contesto=contesto,
            obiettivi=obiettivi,
            stato=stato,
        )
        if stato == Stato.BOZZA and rng.random() < 0.5:
            strategico.commento = "Rivedere le priorità logistiche alla luce dell'analisi nazionale e indicare i destinatari."
        if stato in ProgettoStrategico.APPROVATI:
            strategico.approvato_il = adesso - dt.timedelta(days=rng.randint(20, 60))
            strategico.approvato_da = coordinatore
        if stato == Stato.PUBBLICATO:
            strategico.pubblicato_il = strategico.approvato_il + dt.timedelta(days=rng.randint(3, 15))
        if stato != Stato.BOZZA or strategico.commento:
            # The history row of its last step, with its reason, as the workflow writes it: "Da fare"
            # tells a draft sent back from a fresh one by it.
            strategico._change_reason = next(p.motivo for p in ProgettoStrategico.flusso.passaggi if p.a == stato)
        strategico.save()
        nuovi.append(strategico)

        indicazioni = []
        for ordine, (tema, voci) in enumerate(INDICAZIONI.items()):
            for testo, destinatario in rng.sample(voci, k=min(len(voci), rng.randint(1, 2))):
                indicazioni.append(
                    Indicazione(
                        progetto_strategico=strategico,
                        tema=tema,
                        testo=testo.format(regione=progetto.regione.nome_breve),
                        destinatario=destinatario,
                        ordine=ordine,
                    )
                )
        Indicazione.objects.bulk_create(indicazioni)
        opere = OperaPrioritaria.objects.filter(regione=progetto.regione).order_by("livello_priorita", "codice")[:OPERE_PER_PROGETTO]
        OperaSostenuta.objects.bulk_create(
            [OperaSostenuta(progetto_strategico=strategico, opera=o, livello=o.livello_priorita) for o in opere]
        )
        tavoli = progetto.tavoli.filter(stato=StatoAttivita.SVOLTO).order_by("data")[:TAVOLI_PER_PROGETTO]
        strategico.tavoli.set(tavoli)
        strategico.enti_firmatari.set([progetto.ente_capofila, *progetto.enti_partecipanti.all()])

    approvati = [s for s in nuovi if s.stato in ProgettoStrategico.APPROVATI]
    if approvati:
        # An approved strategic project is what completes phase 2.
        Fase.objects.filter(progetto__in=[s.progetto_id for s in approvati], numero=Fase.Numero.PROGETTO_STRATEGICO).update(
            stato=Fase.Stato.COMPLETATA, avanzamento=100
        )
    riepilogo.creati["progetti strategici"] = len(nuovi)
    riepilogo.creati["documenti nazionali"] = _documenti_nazionali(programma, oggi)
    return riepilogo


def fotografa_approvati(programma: Programma) -> int:
    """The counters as of approval of every approved demo project that has none yet, computed once
    for all of them. Called after the counters' history is written, so the books draw it."""
    approvati = [
        s
        for s in ProgettoStrategico.objects.approvati().filter(progetto__programma=programma).select_related("progetto")
        if not s.contatori_approvazione
    ]
    if approvati:
        fotografie = fotografie_contatori(programma, [s.progetto.regione_id for s in approvati])
        for strategico in approvati:
            strategico.contatori_approvazione = fotografie[strategico.progetto.regione_id]
        ProgettoStrategico.objects.bulk_update(approvati, ["contatori_approvazione"])
    return len(approvati)


def _documenti_nazionali(programma: Programma, oggi: dt.date) -> int:
    esistenti = set(DocumentoNazionale.objects.filter(programma=programma).values_list("titolo", flat=True))
    nuovi: list[tuple[DocumentoNazionale, ContenutoDemo]] = []
    for n, (tipo, titolo, stato, paragrafi) in enumerate(DOCUMENTI_NAZIONALI):
        if titolo in esistenti:
            continue
        data = min(oggi, programma.data_inizio + dt.timedelta(days=30 + 45 * n))
        documento = DocumentoNazionale(programma=programma, tipo=tipo, titolo=titolo, data=data, stato=stato, abstract=paragrafi[0])
        if stato == DocumentoNazionale.Stato.PUBBLICATO:
            documento.pubblicato_il = pubblicato_il_demo(data)
        nuovi.append((documento, ContenutoDemo(titolo=titolo, data=data, edizione=programma.nome, paragrafi=paragrafi)))
    for (documento, _contenuto), file in zip(nuovi, pdf_dimostrativi([c for _d, c in nuovi])):
        documento.file = file
        documento.save()
    return len(nuovi)
