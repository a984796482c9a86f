from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammaConfig(AppConfig):
    name = "programma"
    verbose_name = _("Programma Infrastrutture")

    def ready(self) -> None:
        from programma import checks  # noqa: F401 - registers the system checks
