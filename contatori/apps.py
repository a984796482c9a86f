from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContatoriConfig(AppConfig):
    name = "contatori"
    verbose_name = _("Contatori")

    def ready(self) -> None:
        from contatori.signals import collega

        collega()
