from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammaConfig(AppConfig):
    name = "programma"
    verbose_name = _("Programma Infrastrutture")
