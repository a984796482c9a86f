from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammaConfig(AppConfig):
    name = "programma"
    verbose_name = _("Programma Infrastrutture")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from programma.sicurezza import dimentica_controlli

        user_logged_in.connect(dimentica_controlli, dispatch_uid="programma.dimentica_controlli")
