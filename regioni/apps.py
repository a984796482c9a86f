from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _dopo_migrate(sender: AppConfig, **kwargs: Any) -> None:
    if sender.label != "contatori":  # the last app: every permission exists by then
        return
    from django.apps import apps

    from eventi.temi import crea_temi
    from regioni.ruoli import sincronizza_ruoli
    from regioni.territorio import carica_territorio

    # Permissions of models added after the roles migration are granted here.
    sincronizza_ruoli(apps)
    # A flush (as between transactional tests) empties the reference tables: reload them.
    if not apps.get_model("regioni", "Regione").objects.exists():
        carica_territorio(apps)
    if not apps.get_model("eventi", "Tema").objects.exists():
        crea_temi(apps)


class RegioniConfig(AppConfig):
    name = "regioni"
    verbose_name = _("Territorio ed enti")

    def ready(self) -> None:
        post_migrate.connect(_dopo_migrate, dispatch_uid="regioni.dopo_migrate")
