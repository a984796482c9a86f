from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from eventi.models import Evento
from programma.models import Fase
from regioni.models import Provincia
from programma.activities.forms import DataInput, FormAllegatoMixin, limita_ente


class EventoForm(FormAllegatoMixin, forms.ModelForm):
    campi_allegato = ("materiali",)

    class Meta:
        model = Evento
        fields = [
            "titolo",
            "ente",
            "tipo",
            "fase",
            "data",
            "stato",
            "online",
            "luogo",
            "provincia",
            "n_partecipanti",
            "n_imprese",
            "temi",
            "descrizione",
            "materiali",
        ]
        widgets = {
            "data": DataInput(),
            "descrizione": forms.Textarea(attrs={"rows": 5}),
            "temi": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "titolo": _("Ad esempio «Banda ultralarga e 5G: a che punto siamo in provincia»."),
            "fase": _("La fase del progetto regionale a cui l'evento appartiene."),
            "online": _("Segnare se l'evento si è svolto solo a distanza."),
            "luogo": _("Sede dell'evento; facoltativo per un evento online."),
            "provincia": _("Solo le province della regione del progetto."),
            "n_partecipanti": _("Numero complessivo di persone presenti."),
            "n_imprese": _("Quante imprese erano rappresentate: non più dei partecipanti."),
            "materiali": _("Presentazioni, documenti o immagini; il contenuto del file viene controllato."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        progetto = self.instance.progetto
        limita_ente(self, progetto.regione_id, user)
        self.fields["fase"].queryset = Fase.objects.for_user(user).filter(progetto=progetto)
        self.fields["provincia"].queryset = Provincia.objects.for_user(user).filter(regione_id=progetto.regione_id)
        self.fields["provincia"].empty_label = _("Nessuna")
        self.fields["fase"].empty_label = _("Nessuna")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("L'evento"),
                "titolo",
                "ente",
                Row(Column("tipo", css_class="col-md-6"), Column("fase", css_class="col-md-6")),
                Row(Column("data", css_class="col-md-6"), Column("stato", css_class="col-md-6")),
                "online",
                Row(Column("luogo", css_class="col-md-8"), Column("provincia", css_class="col-md-4")),
            ),
            Fieldset(
                _("Partecipazione"),
                Row(Column("n_partecipanti", css_class="col-md-6"), Column("n_imprese", css_class="col-md-6")),
                "temi",
            ),
            Fieldset(_("Contenuti"), "descrizione", "materiali"),
            Submit("salva", _("Salva"), css_class="btn-primary"),
        )
