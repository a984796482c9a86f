from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _dopo_migrate(sender: AppConfig, **kwargs: Any) -> None:
    from django.apps import apps

    # post_migrate is sent once per app with models, in INSTALLED_APPS order: by the last one,
    # every app's permissions exist (no upper app is named here: regioni is the bottom layer).
    ultima = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label != ultima.label:
        return
    from regioni.ruoli import sincronizza_ruoli
    from regioni.territorio import carica_territorio

    # Permissions of models added after the roles migration are granted here.
    sincronizza_ruoli(apps)
    # A flush (as between transactional tests) empties the reference tables: reload them.
    if not apps.get_model("regioni", "Regione").objects.exists():
        carica_territorio(apps)


class RegioniConfig(AppConfig):
    name = "regioni"
    verbose_name = _("Territorio ed enti")

    def ready(self) -> None:
        post_migrate.connect(_dopo_migrate, dispatch_uid="regioni.dopo_migrate")
