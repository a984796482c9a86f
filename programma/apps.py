from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _ricorda_visita_precedente(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Keep the previous login's time in the session (the home page shows what changed since),
    then record this login as Django does."""
    from django.contrib.auth.models import update_last_login

    if request is not None and hasattr(request, "session"):
        request.session["visita_precedente"] = user.last_login.isoformat() if user.last_login else ""
    update_last_login(sender, user, **kwargs)


class ProgrammaConfig(AppConfig):
    name = "programma"
    verbose_name = _("Programma Infrastrutture")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from programma import checks  # noqa: F401 - registers the system checks
        from programma.activities import notifiche  # noqa: F401 - the workflow's steps tell the people next

        # Replaces Django's own receiver (same dispatch_uid), which would overwrite last_login first.
        user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(_ricorda_visita_precedente, dispatch_uid="update_last_login")

        from django.db.models.signals import post_delete, post_save

        from programma.activities.lists import dimentica_filtri

        post_save.connect(dimentica_filtri, dispatch_uid="programma.dimentica_filtri")
        post_delete.connect(dimentica_filtri, dispatch_uid="programma.dimentica_filtri")

        from programma.security import dimentica_controlli

        user_logged_in.connect(dimentica_controlli, dispatch_uid="programma.dimentica_controlli")
