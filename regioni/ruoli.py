"""The three roles as groups with their model permissions.

Called by a migration (so the groups exist in every database) and after every
`migrate` (so permissions of models added later are granted too).
"""

from typing import Any

from regioni.scoping import Ruolo

# app label -> model names an Operatore regionale may write in their region.
SCRITTURA_OPERATORE = {
    "tavoli": ["tavoloconfronto", "organizzazione"],
    "eventi": ["evento"],
    "programma": ["report", "operaprioritaria"],
}
FASE_OPERATORE = ["view_fase", "change_fase"]
# Coordinators set up editions and regional projects.
SCRITTURA_COORDINATORE = {"programma": ["programma", "progettoregionale"]}
APP_DEL_PROGRAMMA = ["regioni", "programma", "tavoli", "eventi", "contatori"]


def sincronizza_ruoli(apps: Any) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    perms = Permission.objects.select_related("content_type").filter(
        content_type__app_label__in=APP_DEL_PROGRAMMA
    )
    view = [p for p in perms if p.codename.startswith("view_")]

    def writes(models_by_app: dict[str, list[str]]) -> list[Any]:
        return [
            p
            for p in perms
            if p.content_type.model in models_by_app.get(p.content_type.app_label, [])
        ]

    operatore, _ = Group.objects.get_or_create(name=Ruolo.OPERATORE)
    operatore.permissions.set(
        view + writes(SCRITTURA_OPERATORE) + [p for p in perms if p.codename in FASE_OPERATORE]
    )
    coordinatore, _ = Group.objects.get_or_create(name=Ruolo.COORDINATORE)
    coordinatore.permissions.set(
        view + writes(SCRITTURA_COORDINATORE) + [p for p in perms if p.codename == "ricalcola_contatori"]
    )
    amministratore, _ = Group.objects.get_or_create(name=Ruolo.AMMINISTRATORE)
    amministratore.permissions.set(
        list(perms) + list(Permission.objects.filter(content_type__app_label="auth"))
    )
