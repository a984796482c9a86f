from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _dopo_migrate(sender: AppConfig, **kwargs: Any) -> None:
    """A flush (as between transactional tests) empties the themes: load them again."""
    from django.apps import apps

    from eventi.temi import crea_temi

    if not apps.get_model("eventi", "Tema").objects.exists():
        crea_temi(apps)


class EventiConfig(AppConfig):
    name = "eventi"
    verbose_name = _("Eventi")

    def ready(self) -> None:
        post_migrate.connect(_dopo_migrate, sender=self, dispatch_uid="eventi.dopo_migrate")
