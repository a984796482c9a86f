"""The version an edit form was read at: a record changed meanwhile is not saved over.

Every edit form carries its record's latest history id as a hidden field (`prepara_versione`); the
save compares it under the record's row lock (`controlla_versione`) and refuses a newer or missing
one, saying who changed what. `SalvaMixin` (programma/activities/editing.py) calls both, and so does
any edit page outside the framework (the strategic project's).
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _t

from programma.activities.parametri import leggi_intero
from programma.numbers import data_breve


def versione_di(oggetto: models.Model) -> int | None:
    """The id of a record's latest change in its history: 0 before its first recorded change (rows
    made in bulk, such as a project's phases), None for a model without history."""
    if not hasattr(type(oggetto), "history") or oggetto.pk is None:
        return None
    ultima = type(oggetto).history.filter(id=oggetto.pk).order_by("-history_id").values_list("history_id", flat=True).first()
    return ultima or 0


# The hidden field of an edit form that carries the version it was read at (see `prepara_versione`).
CAMPO_VERSIONE = "versione"
# Beyond any history id (a bigint): a number this big is junk, not a version.
VERSIONE_MASSIMA = 2**63 - 1


def prepara_versione(form: forms.BaseForm, request: HttpRequest) -> None:
    """Give an edit form the version its record is read at, as a hidden field, and note the version
    a POST says it was read at (`form.versione_letta`: None when missing or not a version).

    The version is the record's latest history id (`versione_di`); a record without history has none
    and is not checked. `controlla_versione` compares the two when saving.
    """
    istanza = getattr(form, "instance", None)
    if istanza is None or istanza.pk is None:
        return
    attuale = versione_di(istanza)
    if attuale is None:
        return
    form.fields[CAMPO_VERSIONE] = forms.CharField(widget=forms.HiddenInput, required=False, initial=attuale)
    helper = getattr(form, "helper", None)
    if helper is not None and helper.layout is not None:
        helper.layout.append(CAMPO_VERSIONE)  # a form with a layout of its own draws only the fields it names
    letta = request.POST.get(form.add_prefix(CAMPO_VERSIONE), "").strip() if request.method == "POST" else ""
    form.versione_letta = leggi_intero(letta, minimo=0, massimo=VERSIONE_MASSIMA)  # type: ignore[attr-defined]


def controlla_versione(form: forms.BaseForm) -> bool:
    """True (and the form says why) when the form must not be saved over its record: someone saved it
    after the form was read, or the form does not say which version it was read at (a missing or
    invalid `versione`: the POST did not come from the page, or the page is older than the field).

    Called under the record's row lock (`SalvaMixin.form_valid`, the strategic project's page), so
    the check and the save are one step. The message names who, when and which fields; the user's
    input stays in the form, whose version is now the newest, so saving again applies it knowingly.
    """
    if CAMPO_VERSIONE not in form.fields:
        return False
    istanza = form.instance  # type: ignore[attr-defined]
    letta = getattr(form, "versione_letta", None)
    attuale = versione_di(istanza)
    if letta == attuale:
        return False
    storia = type(istanza).history
    lettura = storia.filter(id=istanza.pk, history_id=letta).first() if letta else None
    if letta is None or (letta and lettura is None) or (attuale is not None and letta > attuale):
        form.add_error(
            None,
            _t(
                "Il modulo inviato non indica la versione del record da cui sei partito (una pagina aperta prima "
                "di un aggiornamento, o un invio incompleto). Per non sovrascrivere le modifiche di altri non è "
                "stato salvato nulla: le tue modifiche sono qui sotto; controllale e salva di nuovo per applicarle."
            ),
        )
    else:
        ultima = storia.select_related("history_user").get(history_id=attuale)
        campi = []
        if lettura is not None:
            campi = [str(istanza._meta.get_field(c.field).verbose_name) for c in ultima.diff_against(lettura).changes]
        form.add_error(
            None,
            _t(
                "Mentre compilavi il modulo, %(chi)s ha salvato questo record il %(quando)s%(campi)s. "
                "Non è stato salvato nulla delle tue modifiche: le trovi qui sotto; controllale e salva di nuovo per applicarle."
            )
            % {
                "chi": ultima.history_user or _t("un altro utente"),
                "quando": data_breve(ultima.history_date),
                "campi": (_t(" (cambiati: %s)") % ", ".join(campi)) if campi else "",
            },
        )
    # The form shown again carries the newest version: saving it now is a knowing choice.
    form.data = form.data.copy()  # type: ignore[attr-defined]
    form.data[form.add_prefix(CAMPO_VERSIONE)] = str(attuale)  # type: ignore[index]
    return True
