"""The Content-Security-Policy middleware: django-csp's, with one allowance confined to the admin."""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse


class CSPConAdmin(CSPMiddleware):
    """Third-party admin templates (django-simple-history's history list) carry `style=` attributes.
    Only under the admin, only style attributes are allowed: no <style> element, no inline script."""

    def get_policy_parts(self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False) -> PolicyParts:
        parti = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(reverse("admin:index")):
            parti.update = {**(parti.update or {}), "style-src-attr": ["'unsafe-inline'"]}
        return parti
