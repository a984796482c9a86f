"""Django's admin without the autodiscovery at start (in settings.INSTALLED_APPS).

The admin modules, and what they import (django-import-export and openpyxl: a fifth of Django's
start), are loaded by programma/urls.py when the site's URLs are first needed, or by the system
checks, so that a management command such as import_opere, the worker and beat do without them.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.apps import SimpleAdminConfig
from django.core import checks


class AdminConfig(SimpleAdminConfig):
    def ready(self) -> None:
        from django.contrib.admin.checks import check_dependencies

        checks.register(check_dependencies, checks.Tags.admin)
        checks.register(controlla_admin, checks.Tags.admin)


def controlla_admin(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """Django's checks of every registered ModelAdmin, after registering them."""
    from django.contrib.admin import autodiscover
    from django.contrib.admin.checks import check_admin_app

    autodiscover()
    return check_admin_app(app_configs, **kwargs)
