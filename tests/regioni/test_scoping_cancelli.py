"""The gates of regioni/scoping.py, each on its own: the role gates of function and class views, and
the scoped write (404 out of reach, then 403 for the role).

The permission matrix walks them through every URL; these tests name each gate's rule directly, so
that a change to one of them fails here, next to its cause (and `make mutants` finds the tests that
cover each gate without running the whole matrix).
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.views import View
from django.views.generic import UpdateView

from regioni.scoping import (
    ModificaMixin,
    Ruolo,
    SoloPerMixin,
    get_for_user_to_change_or_404,
    richiedi_modifica,
    richiedi_ruolo,
    solo_per,
)
from tavoli.models import TavoloConfronto
from tests import factories

pytestmark = pytest.mark.django_db


def _richiesta(user):
    request = RequestFactory().get("/pagina/")
    request.user = user
    return request


@solo_per(*Ruolo.NAZIONALI)
def _vista_nazionale(request, numero):
    return HttpResponse(f"aperta {numero}")


class _VistaNazionale(SoloPerMixin, View):
    ruoli_ammessi = Ruolo.NAZIONALI

    def get(self, request, numero):
        return HttpResponse(f"aperta {numero}")


class _VistaTutti(SoloPerMixin, View):
    def get(self, request):
        return HttpResponse("aperta")


class _Modifica(ModificaMixin, UpdateView):
    model = TavoloConfronto
    fields = ["titolo"]


@pytest.mark.parametrize("vista", [_vista_nazionale, _VistaNazionale.as_view()], ids=["solo_per", "SoloPerMixin"])
def test_a_role_gate_lets_its_roles_through_with_their_arguments(vista, coordinatore):
    risposta = vista(_richiesta(coordinatore), numero=7)
    assert (risposta.status_code, risposta.content) == (200, b"aperta 7")
    assert vista(_richiesta(factories.amministratore()), numero=8).content == b"aperta 8"


@pytest.mark.parametrize("vista", [_vista_nazionale, _VistaNazionale.as_view()], ids=["solo_per", "SoloPerMixin"])
def test_a_role_gate_refuses_another_role(vista, operatore):
    with pytest.raises(PermissionDenied):
        vista(_richiesta(operatore), numero=1)


@pytest.mark.parametrize("vista", [_vista_nazionale, _VistaNazionale.as_view()], ids=["solo_per", "SoloPerMixin"])
def test_a_role_gate_sends_an_anonymous_visitor_to_the_login(vista):
    risposta = vista(_richiesta(AnonymousUser()), numero=1)
    assert risposta.status_code == 302 and risposta["Location"].startswith("/accounts/login/?next=/pagina/")


def test_the_class_gate_admits_every_role_by_default_and_nobody_without_one(operatore):
    assert _VistaTutti.as_view()(_richiesta(operatore)).status_code == 200
    with pytest.raises(PermissionDenied):
        _VistaTutti.as_view()(_richiesta(factories.UserFactory(username="senza-ruolo")))


def test_richiedi_ruolo_names_the_roles_it_admits(operatore, coordinatore):
    richiedi_ruolo(operatore, Ruolo.REDATTORI)
    richiedi_ruolo(coordinatore, Ruolo.NAZIONALI)
    with pytest.raises(PermissionDenied):
        richiedi_ruolo(coordinatore, Ruolo.REDATTORI)
    with pytest.raises(PermissionDenied):
        richiedi_ruolo(operatore, Ruolo.AMMINISTRATORI)


def test_a_scoped_write_is_a_404_out_of_reach_then_a_403_for_the_role(progetto, altro_progetto, operatore, coordinatore):
    proprio = factories.TavoloConfrontoFactory(progetto=progetto)
    altrui = factories.TavoloConfrontoFactory(progetto=altro_progetto)
    assert get_for_user_to_change_or_404(TavoloConfronto.objects, operatore, pk=proprio.pk) == proprio
    with pytest.raises(Http404):
        get_for_user_to_change_or_404(TavoloConfronto.objects, operatore, pk=altrui.pk)
    # The coordinator reads every region's tavoli and writes none.
    with pytest.raises(PermissionDenied):
        get_for_user_to_change_or_404(TavoloConfronto.objects, coordinatore, pk=altrui.pk)
    richiedi_modifica(operatore, proprio)
    with pytest.raises(PermissionDenied):
        richiedi_modifica(coordinatore, proprio)


def test_the_write_mixin_is_a_404_out_of_reach_then_a_403_for_the_role(progetto, altro_progetto, operatore, coordinatore):
    proprio = factories.TavoloConfrontoFactory(progetto=progetto)
    altrui = factories.TavoloConfrontoFactory(progetto=altro_progetto)
    assert _Modifica.as_view()(_richiesta(operatore), pk=proprio.pk).status_code == 200
    with pytest.raises(Http404):
        _Modifica.as_view()(_richiesta(operatore), pk=altrui.pk)
    with pytest.raises(PermissionDenied):
        _Modifica.as_view()(_richiesta(coordinatore), pk=proprio.pk)


# Found by `make mutants` (docs/ARCHITECTURE.md, "Mutants"): rules no other test named.


def test_a_gate_made_inside_a_test_still_sends_the_anonymous_to_the_login():
    """solo_per wraps the view in login_required when it decorates (import time elsewhere)."""
    vista = solo_per(*Ruolo.TUTTI)(lambda request: HttpResponse("aperta"))
    assert vista(_richiesta(AnonymousUser())).status_code == 302


def test_an_operatore_without_a_region_writes_nothing():
    from regioni.scoping import Ambito

    assert Ambito(ruolo=Ruolo.OPERATORE, ente=None, regione=None).puo_modificare(1) is False


def test_a_superuser_without_the_group_is_an_amministratore():
    from regioni.scoping import ambito_di

    utente = factories.UserFactory(username="radice", is_superuser=True)
    assert ambito_di(utente).ruolo == Ruolo.AMMINISTRATORE


def test_a_region_is_named_by_its_id_too(progetto, altro_progetto):
    from programma.models import ProgettoRegionale
    from regioni.scoping import regione_id_di

    regione = progetto.regione
    assert list(ProgettoRegionale.objects.nella_regione(regione.pk)) == [progetto]
    assert regione_id_di(regione) == regione.pk


def test_who_has_no_role_reads_no_national_document(programma):
    from programma.models import DocumentoNazionale

    DocumentoNazionale.objects.create(programma=programma, titolo="Linee guida", tipo="altro", data=programma.data_inizio)
    assert DocumentoNazionale.objects.count() == 1
    assert not DocumentoNazionale.objects.for_user(factories.UserFactory(username="senza-ruolo")).exists()
