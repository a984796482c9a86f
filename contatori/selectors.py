"""Reads of the counters: everything the pages show comes from snapshot rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Subquery
from django.utils import timezone

from contatori.models import TIME_LIMIT, DatiModificati, RicalcoloLog, Snapshot
from programma.models import Fase, Programma

# With a worker a saved change is counted within seconds; one still uncounted after this is stuck.
RITARDO_TOLLERATO = dt.timedelta(seconds=60)
# Beat recounts every 10 minutes: two missed runs mean the worker or beat is down.
ETA_TOLLERATA = dt.timedelta(minutes=25)


@dataclass(frozen=True)
class Freschezza:
    """How far the counters may be behind the data (for the dashboard's banner and /healthz)."""

    calcolati_il: dt.datetime | None
    modificati_dal: dt.datetime | None  # the oldest change not counted yet

    @property
    def eta(self) -> dt.timedelta | None:
        return timezone.now() - self.calcolati_il if self.calcolati_il else None

    @property
    def vecchi(self) -> bool:
        adesso = timezone.now()
        in_ritardo = self.modificati_dal is not None and adesso - self.modificati_dal > RITARDO_TOLLERATO
        return self.calcolati_il is not None and (in_ritardo or adesso - self.calcolati_il > ETA_TOLLERATA)

    @property
    def minuti(self) -> int:
        return int(self.eta.total_seconds() // 60) if self.eta else 0


def freschezza(calcolati_il: dt.datetime | None) -> Freschezza:
    """One query on a one-row table; `calcolati_il` is the snapshot's time the page already has."""
    return Freschezza(calcolati_il=calcolati_il, modificati_dal=DatiModificati.attuale().modificati_dal)


def stato_per_healthz() -> dict[str, Any]:
    """Age of the newest recount and whether changes wait to be counted, for GET /healthz."""
    ultimo = Snapshot.objects.order_by("-calcolato_il").values_list("calcolato_il", flat=True).first()
    stato = freschezza(ultimo)
    modifiche = {"modificati_dal": stato.modificati_dal.isoformat() if stato.modificati_dal else None}
    if ultimo is None:
        return {"stato": "mai calcolati", **modifiche}
    return {
        "stato": "vecchi" if stato.vecchi else "ok",
        "eta_secondi": int(stato.eta.total_seconds()),
        "calcolati_il": ultimo.isoformat(),
        **modifiche,
    }


@dataclass
class Quadro:
    """The latest snapshot of one edition: what the dashboard, public page and API show."""

    programma: Programma | None
    giorno: dt.date | None = None
    aggiornato_il: dt.datetime | None = None
    # counter key -> region id (None = national) -> value
    valori: dict[str, dict[int | None, Decimal]] = field(default_factory=dict)

    def valore(self, chiave: str, regione_id: int | None = None) -> Decimal:
        return self.valori.get(chiave, {}).get(regione_id, Decimal(0))


def quadro_attuale(programma: Programma | None = None) -> Quadro:
    """The newest day's rows: one query, whatever the amount of data behind them."""
    programma = programma or Programma.objects.attivo()
    quadro = Quadro(programma=programma)
    if programma is None:
        return quadro
    ultimo = Snapshot.objects.filter(programma=programma).order_by("-giorno").values("giorno")[:1]
    righe = Snapshot.objects.filter(programma=programma, giorno=Subquery(ultimo)).values_list(
        "contatore", "regione_id", "valore", "giorno", "calcolato_il"
    )
    for chiave, regione_id, valore, giorno, calcolato_il in righe:
        quadro.valori.setdefault(chiave, {})[regione_id] = valore
        quadro.giorno = giorno
        if quadro.aggiornato_il is None or calcolato_il > quadro.aggiornato_il:
            quadro.aggiornato_il = calcolato_il
    return quadro


# The charts' grid: a point a day over the last GIORNI_GIORNALIERI days, one a week before them (on
# the newest day's weekday), so that a whole edition is ~180 points per line and the pages' weight and
# cost are bounded by the edition's length, never by the data.
GIORNI_GIORNALIERI = 90


def giorni_del_grafico(programma: Programma, ultimo: dt.date) -> Q:
    """The days the charts draw: every day of the last GIORNI_GIORNALIERI, then weekly back to the edition's start."""
    # Weekly days are a whole number of weeks before `ultimo`, so a chart that keeps one point a week
    # (cruscotto.js, periods over GIORNI_GIORNALIERI) finds them among the daily ones too.
    settimanali = []
    giorno = ultimo - dt.timedelta(weeks=GIORNI_GIORNALIERI // 7 + 1)
    while giorno >= programma.data_inizio:
        settimanali.append(giorno)
        giorno -= dt.timedelta(weeks=1)
    return Q(giorno__gte=ultimo - dt.timedelta(days=GIORNI_GIORNALIERI), giorno__lte=ultimo) | Q(giorno__in=settimanali)


def _serie_del_grafico(programma: Programma, ultimo: dt.date, per: str, **filtri: Any) -> dict[Any, list[tuple[dt.date, Decimal]]]:
    """Snapshot rows on the charts' days, grouped by the field `per` into lines of (day, value), oldest first."""
    righe = (
        Snapshot.objects.filter(giorni_del_grafico(programma, ultimo), programma=programma, **filtri)
        .order_by("giorno")
        .values_list(per, "giorno", "valore")
    )
    serie: dict[Any, list[tuple[dt.date, Decimal]]] = {}
    for linea, giorno, valore in righe:
        serie.setdefault(linea, []).append((giorno, valore))
    return serie


def serie_storiche(programma: Programma, *, regione_id: int | None, ultimo: dt.date | None) -> dict[str, list[tuple[dt.date, Decimal]]]:
    """Each counter's values for one scope on the charts' days up to `ultimo` (the newest snapshot's
    day), oldest first: one query, bounded by days, not data."""
    if ultimo is None:
        return {}
    return _serie_del_grafico(programma, ultimo, "contatore", regione_id=regione_id)


def serie_settimanali(
    programma: Programma, chiavi: list[str], *, regioni: list[int | None], fino_al: dt.date
) -> dict[tuple[int | None, str], list[tuple[dt.date, Decimal]]]:
    """These counters' values a week apart, back from `fino_al` to the edition's start, for these
    scopes (a region id, or None for Italy): {(scope, key): [(day, value), ...]} oldest first, in one
    query. For the printed charts, where a point a week is plenty and the cost stays bounded."""
    giorni = []
    giorno = fino_al
    while giorno >= programma.data_inizio:
        giorni.append(giorno)
        giorno -= dt.timedelta(weeks=1)
    ambito = Q(regione_id__in=[r for r in regioni if r is not None])
    if None in regioni:
        ambito |= Q(regione__isnull=True)
    righe = (
        Snapshot.objects.filter(ambito, programma=programma, contatore__in=chiavi, giorno__in=giorni)
        .order_by("giorno")
        .values_list("regione_id", "contatore", "giorno", "valore")
    )
    serie: dict[tuple[int | None, str], list[tuple[dt.date, Decimal]]] = {}
    for regione_id, chiave, giorno, valore in righe:
        serie.setdefault((regione_id, chiave), []).append((giorno, valore))
    return serie


def serie_per_regione(
    programma: Programma, chiave: str, *, regioni: list[int], ultimo: dt.date | None
) -> dict[int, list[tuple[dt.date, Decimal]]]:
    """One counter's values for each of these regions on the charts' days (one query), for comparing them."""
    if ultimo is None or not regioni:
        return {}
    return _serie_del_grafico(programma, ultimo, "regione_id", contatore=chiave, regione_id__in=regioni)


def variazione(serie: list[tuple[dt.date, Decimal]], *, giorni: int = 30) -> Decimal | None:
    """Change over the last `giorni` days: from the last value on or before that day (or the oldest one)."""
    if len(serie) < 2:
        return None
    ultimo_giorno, ultimo = serie[-1]
    soglia = ultimo_giorno - dt.timedelta(days=giorni)
    precedenti = [valore for giorno, valore in serie if giorno <= soglia]
    base = precedenti[-1] if precedenti else serie[0][1]
    return ultimo - base


def fasi_per_regione(programma: Programma | None, *, regione_id: int | None = None) -> dict[int, list[Fase]]:
    """region id -> its project's four phases (at most 20 x 4 rows, however much activity there is),
    of every region or of one."""
    if programma is None:
        return {}
    fasi = Fase.objects.filter(progetto__programma=programma)
    if regione_id is not None:
        fasi = fasi.filter(progetto__regione_id=regione_id)
    risultato: dict[int, list[Fase]] = {}
    for fase in fasi.select_related("progetto").order_by("numero"):
        risultato.setdefault(fase.progetto.regione_id, []).append(fase)
    return risultato


def ultimo_ricalcolo() -> RicalcoloLog | None:
    return RicalcoloLog.objects.exclude(esito=RicalcoloLog.Esito.SALTATO).first()


def stato_ricalcolo(task_id: str) -> dict[str, Any]:
    """Progress of the recount queued by "Ricalcola ora", for the page's polling."""
    log = RicalcoloLog.objects.filter(task_id=task_id).first() if task_id else None
    if log is None:
        stato = "in_coda"
    elif log.esito == RicalcoloLog.Esito.SALTATO:
        # Another recount held the lock: follow that one until it ends.
        in_corso = RicalcoloLog.objects.filter(esito=RicalcoloLog.Esito.IN_CORSO, avviato_il__gte=log.avviato_il - dt.timedelta(seconds=TIME_LIMIT)).exists()
        stato = "in_corso" if in_corso else "completato"
    elif log.esito == RicalcoloLog.Esito.IN_CORSO and log.avviato_il < timezone.now() - dt.timedelta(seconds=TIME_LIMIT):
        stato = "errore"  # past the task's hard time limit: the worker died mid-run
    else:
        stato = log.esito
    return {"stato": stato, "terminato_il": log.terminato_il.isoformat() if log and log.terminato_il else None}


# Rows shown on the dashboard: the Camere (and Unioni) with most activities.
ENTI_IN_CRUSCOTTO = 15


@dataclass(frozen=True)
class AttivitaEnti:
    """Held tavoli and eventi of an edition run by an ente, counted per ente and per region of their
    project: what the dashboard's and the region pages' tables are drawn from (`per_ente`)."""

    conteggi: tuple[tuple[int, int, int, int], ...]  # (project's region id, ente id, tavoli, eventi), sorted
    enti: dict[int, Any]  # ente id -> Ente, with its region

    def per_ente(self, *, regione_id: int | None = None, limite: int | None = None) -> list[dict[str, Any]]:
        """Per ente, most active first: of the whole country, or of the projects of one region."""
        somme: dict[int, list[int]] = {}
        for regione, ente_id, tavoli, eventi in self.conteggi:
            if regione_id is None or regione == regione_id:
                somma = somme.setdefault(ente_id, [0, 0])
                somma[0] += tavoli
                somma[1] += eventi
        risultato = [
            {"ente": self.enti[ente_id], "tavoli": tavoli, "eventi": eventi, "totale": tavoli + eventi}
            for ente_id, (tavoli, eventi) in somme.items()
        ]
        risultato.sort(key=lambda r: (-r["totale"], r["ente"].nome))
        return risultato[:limite] if limite else risultato


def attivita_enti(programma: Programma | None) -> AttivitaEnti:
    """Three grouped queries whatever the amount of activity (the rows are bounded by ~75 enti x 20 regions)."""
    if programma is None:
        return AttivitaEnti(conteggi=(), enti={})
    from contatori.registry import eventi_svolti, tavoli_svolti
    from regioni.models import Ente

    conteggi: dict[tuple[int, int], list[int]] = {}
    for posto, queryset in enumerate((tavoli_svolti(programma), eventi_svolti(programma))):
        righe = queryset.filter(ente__isnull=False).order_by().values_list("progetto__regione_id", "ente_id").annotate(n=Count("pk"))
        for regione_id, ente_id, n in righe:
            conteggi.setdefault((regione_id, ente_id), [0, 0])[posto] = n
    enti = {e.pk: e for e in Ente.objects.filter(pk__in={ente_id for _r, ente_id in conteggi}).select_related("regione")}
    return AttivitaEnti(conteggi=tuple(sorted((r, e, t, v) for (r, e), (t, v) in conteggi.items())), enti=enti)

