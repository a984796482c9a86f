"""factory_boy factories. Regions, provinces and enti come from the data migration."""

import datetime as dt
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from eventi.models import Evento
from programma.models import OperaPrioritaria, ProgettoRegionale, ProgettoStrategico, Programma, Report, Stampa
from regioni.models import Appartenenza, Ente, Regione
from regioni.scoping import Ruolo
from tavoli.models import Organizzazione, TavoloConfronto


def regione(slug: str) -> Regione:
    return Regione.objects.get(slug=slug)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utente{n}")
    password = factory.django.Password("password-di-prova")


def crea_utente(username: str, ruolo: str, regione_slug: str | None = None, *, ente: Ente | None = None):
    """A user of a role; with a region, a member of its Unione regionale (else its first Camera)."""
    user = UserFactory(username=username)
    user.groups.set([Group.objects.get(name=ruolo)])
    if regione_slug and ente is None:
        # "unione_regionale" sorts after "camera_commercio": descending puts the Unione first.
        ente = Ente.objects.filter(regione__slug=regione_slug).order_by("-tipo", "nome").first()
    if ente is not None:
        Appartenenza.objects.update_or_create(utente=user, defaults={"ente": ente})
    return user


def operatore(regione_slug: str, username: str | None = None):
    """The Operatore of the region's Unione regionale: writes every record of the region."""
    return crea_utente(username or f"operatore-{regione_slug}", Ruolo.OPERATORE, regione_slug)


def camera(regione_slug: str) -> Ente:
    """The region's first Camera di commercio by name (the demo's `camera-<region>`'s)."""
    return Ente.objects.filter(regione__slug=regione_slug, tipo=Ente.Tipo.CAMERA_COMMERCIO).order_by("nome").first()


def operatore_camera(regione_slug: str, username: str | None = None):
    """An Operatore of a Camera di commercio: reads the region, writes only their Camera's records."""
    return crea_utente(username or f"camera-{regione_slug}", Ruolo.OPERATORE, ente=camera(regione_slug))


def amministratore(username: str = "admin"):
    """An Amministratore as deployed: the group, and a superuser with access to the Django admin."""
    user = crea_utente(username, Ruolo.AMMINISTRATORE)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


class ProgrammaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programma
        django_get_or_create = ("nome",)

    nome = "Programma Infrastrutture 2025-2026"
    data_inizio = dt.date(2025, 1, 1)
    data_fine = dt.date(2026, 12, 31)
    attivo = True


class ProgettoRegionaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgettoRegionale
        django_get_or_create = ("programma", "regione")

    programma = factory.SubFactory(ProgrammaFactory)
    regione = factory.LazyFunction(lambda: regione("lombardia"))
    ente_capofila = factory.LazyAttribute(lambda o: o.regione.enti.order_by("tipo", "nome").first())
    titolo = factory.LazyAttribute(lambda o: f"Progetto {o.regione.nome_breve}")
    budget = 100000


class TavoloConfrontoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TavoloConfronto

    progetto = factory.SubFactory(ProgettoRegionaleFactory)
    titolo = factory.Sequence(lambda n: f"Tavolo di confronto {n}")
    data = dt.date(2025, 5, 20)
    luogo = "Sala consiliare"
    provincia = factory.LazyAttribute(lambda o: o.progetto.regione.province.order_by("sigla").first())
    stato = "svolto"
    n_esperti = 4
    n_associazioni = 6
    n_imprese = 10
    n_istituzioni = 3
    n_gestori = 2


class OrganizzazioneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organizzazione

    regione = factory.LazyFunction(lambda: regione("lombardia"))
    nome = factory.Sequence(lambda n: f"Associazione di categoria {n}")
    categoria = "associazioni"


class EventoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evento

    progetto = factory.SubFactory(ProgettoRegionaleFactory)
    fase = factory.LazyAttribute(lambda o: o.progetto.fasi.get(numero=3))
    tipo = "incontro_bul_5g"
    titolo = factory.Sequence(lambda n: f"Incontro BUL e 5G {n}")
    data = dt.date(2025, 9, 15)
    luogo = "Camera di commercio"
    stato = "svolto"
    n_partecipanti = 40
    n_imprese = 25


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    progetto = factory.SubFactory(ProgettoRegionaleFactory)
    tipo = "report_analisi"
    titolo = factory.Sequence(lambda n: f"Report di analisi {n}")
    data = dt.date(2025, 6, 30)

    class Params:
        # A draft by default, as a new report is. `pubblicato=True`: published by a Coordinatore,
        # hence with its file (stored by name only: a test that downloads it writes the file).
        pubblicato = factory.Trait(
            stato="pubblicato",
            file=factory.Sequence(lambda n: f"report/pubblicato-{n}.pdf"),
            pubblicato_il=factory.LazyFunction(lambda: dt.datetime(2025, 7, 1, 12, tzinfo=dt.UTC)),
        )


class OperaPrioritariaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OperaPrioritaria

    codice = factory.Sequence(lambda n: f"OP-{n:05d}")
    titolo = factory.Sequence(lambda n: f"Opera prioritaria {n}")
    modalita = "stradale"
    livello_priorita = 1
    stato = "in_progettazione"
    semaforo = "verde"
    costo_stimato = 1_000_000
    regione = factory.LazyFunction(lambda: regione("lombardia"))


PDF_FINTO = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def libro_pubblicato(strategico: ProgettoStrategico, *, pubblicato_il: dt.datetime | None = None) -> Stampa:
    """The strategic project published, with its Libro Bianco ready (a stand-in file), as it is once
    the background print is done (programma.risultati.pubblicazioni prints the real one)."""
    import hashlib

    from django.core.files.base import ContentFile
    from django.utils import timezone

    strategico.stato = ProgettoStrategico.Stato.PUBBLICATO
    strategico.pubblicato_il = pubblicato_il or timezone.now()
    ProgettoStrategico.objects.filter(pk=strategico.pk).update(stato=strategico.stato, pubblicato_il=strategico.pubblicato_il)
    stampa = Stampa(
        genere=Stampa.Genere.LIBRO_BIANCO, scopo=Stampa.Scopo.PUBBLICAZIONE, stato=Stampa.Stato.PRONTA,
        programma_id=strategico.progetto.programma_id, strategico=strategico, origine="1", versione=1,
        sha256=hashlib.sha256(PDF_FINTO).hexdigest(), dimensione=len(PDF_FINTO),
    )
    stampa.file.save(f"libro-bianco-{strategico.pk}.pdf", ContentFile(PDF_FINTO), save=False)
    stampa.save()
    return stampa


def versione(oggetto: Any) -> dict[str, str]:
    """The hidden field of an edit form: the version `oggetto` is at now, as the page would carry it
    (a POST without it is refused: programma.activities.versioni.controlla_versione)."""
    from programma.activities.versioni import CAMPO_VERSIONE, versione_di

    return {CAMPO_VERSIONE: str(versione_di(oggetto))}
