"""The admin's base for the records of a regional project (a tavolo, an evento, a report)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin


class AttivitaAdmin(SimpleHistoryAdmin):
    """A dated record of a regional project, with its history: browsed by day, its project picked by
    id (a select of every edition's projects would be long), its region available as a column."""

    date_hierarchy = "data"
    raw_id_fields = ["progetto"]

    @admin.display(description=_("regione"), ordering="progetto__regione__nome")
    def regione(self, obj: Any) -> str:
        return obj.progetto.regione.nome
