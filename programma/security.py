"""Request-level protections: body size cap, query parameters with NUL, caching of private
responses, session expiry and the second factor of national roles, the client address used by
login throttling, and the Content-Security-Policy middleware."""

from __future__ import annotations

import time
from typing import Callable
from urllib.parse import urlencode

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from programma.activities.parametri import ParametroNonValido, risposta_non_valida
from regioni.scoping import ambito_di

Risposta = Callable[[HttpRequest], HttpResponseBase]


def indirizzo_client(request: HttpRequest) -> str | None:
    """The client's address for django-axes.

    Behind `PROXY_FIDATI` proxies, each appends the address it saw to X-Forwarded-For, so the
    client is the N-th entry from the right; entries further left are whatever the client sent.
    """
    fidati = settings.PROXY_FIDATI
    inoltrato = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if fidati and inoltrato:
        indirizzi = [parte.strip() for parte in inoltrato.split(",") if parte.strip()]
        if len(indirizzi) >= fidati:
            return indirizzi[-fidati]
    return request.META.get("REMOTE_ADDR")


def utente_autenticato(request: HttpRequest) -> object | None:
    """The logged-in user, or None; without a session cookie the session is not even loaded,
    so anonymous (public, cacheable) pages do not gain a `Vary: Cookie`."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class LimiteCorpoRichiestaMiddleware:
    """413 for a declared body above MAX_CORPO_RICHIESTA, before anything reads it.

    Django's upload handlers stream files to disk, but the validators only see the size once the
    whole body has been received; this refuses the request on its headers. A chunked body without
    Content-Length is bounded by the proxy (nginx `client_max_body_size`, see README).
    """

    def __init__(self, get_response: Risposta) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            lunghezza = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            lunghezza = 0
        if lunghezza > settings.MAX_CORPO_RICHIESTA:
            html = render_to_string(
                "413.html", {"massimo_mb": settings.MAX_CORPO_RICHIESTA // 1024 // 1024}, request=None
            )
            risposta = HttpResponse(html, status=413)
            # The unread body must not be parsed as the next request on a kept-alive connection.
            risposta["Connection"] = "close"
            return risposta
        return self.get_response(request)


class ParametriNonValidiMiddleware:
    """400 for a query string with a NUL in a parameter's name or value, before any view reads it.

    No page of ours writes one, and PostgreSQL refuses NUL in any text: a NUL that reached a query
    (a search, a filter, a task id) was a 500. One place for every page, staff and public, and the
    JSON endpoints (which get the reason as JSON when they ask for it).
    """

    def __init__(self, get_response: Risposta) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        for nome, valori in request.GET.lists():
            if "\x00" in nome or any("\x00" in valore for valore in valori):
                errore = ParametroNonValido(
                    _("Il parametro «%(nome)s» contiene un carattere non valido (NUL).") % {"nome": nome.replace("\x00", "")[:50]}
                )
                if "application/json" in request.headers.get("Accept", ""):
                    return JsonResponse({"errore": str(errore)}, status=400, json_dumps_params={"ensure_ascii": False})
                return risposta_non_valida(request, errore)
        return self.get_response(request)


class NoStoreAutenticatiMiddleware:
    """`Cache-Control: private, no-store` on every response to a logged-in user and on every download.

    Their pages and files are scoped to one person's role and region: no shared proxy and no
    browser cache may keep them after logout. Public pages keep their own caching.
    """

    def __init__(self, get_response: Risposta) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        scaricamento = response.get("Content-Disposition", "").startswith("attachment")
        if scaricamento or utente_autenticato(request) is not None:
            # `private` also drops a view's `public`; no-store wins over any max-age.
            patch_cache_control(response, private=True, no_store=True)
        return response


# The sliding deadline and the "no device yet" answer are refreshed at most this often, so a
# national user's request does not write the session and query devices every time.
RINNOVO_SECONDI = 60


CHIAVI_CONTROLLI = ("_rinnovo_scadenza", "_otp_controllato", "_otp_dispositivo")


def dimentica_controlli(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """On every login the checks start afresh: a device enrolled since must be asked for at once."""
    for chiave in CHIAVI_CONTROLLI:
        request.session.pop(chiave, None)


def _da_rinnovare(request: HttpRequest, chiave: str) -> bool:
    """True at most once every RINNOVO_SECONDI per session and key (and records that it was)."""
    adesso = int(time.time())
    if adesso - request.session.get(chiave, 0) < RINNOVO_SECONDI:
        return False
    request.session[chiave] = adesso
    return True


class ScadenzaSessioneNazionaleMiddleware:
    """A Coordinatore's or Amministratore's session ends after SESSIONE_NAZIONALE_INATTIVITA
    seconds without a request; requests push the deadline forward (sliding, to the minute).

    Scoped per role rather than SESSION_COOKIE_AGE + SESSION_SAVE_EVERY_REQUEST for everyone:
    an Operatore sees one region and keeps the default session, and only national users pay
    a session write, once a minute at most.
    """

    def __init__(self, get_response: Risposta) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = utente_autenticato(request)
        if user is not None and ambito_di(user).nazionale and _da_rinnovare(request, "_rinnovo_scadenza"):
            request.session.set_expiry(settings.SESSIONE_NAZIONALE_INATTIVITA)
        return self.get_response(request)


def richiede_due_fattori(user: object) -> bool:
    """Two-factor concerns national roles only."""
    return ambito_di(user).nazionale


class DueFattoriMiddleware:
    """After the password, a national user with a TOTP device must give its code before any page;
    with OTP_OBBLIGATORIO on, one without a device must first enrol one."""

    # Paths reachable before the second factor: the 2FA pages themselves, logout, static files.
    LIBERI = ("otp_verifica", "otp_attiva", "otp_qr", "logout")

    def __init__(self, get_response: Risposta) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = utente_autenticato(request)
        if user is None or user.is_verified() or not richiede_due_fattori(user):
            return self.get_response(request)
        if request.path.startswith(settings.STATIC_URL) or request.path in {reverse(n) for n in self.LIBERI}:
            return self.get_response(request)
        if self._ha_dispositivo(request, user):
            return redirect(f"{reverse('otp_verifica')}?{urlencode({'next': request.get_full_path()})}")
        if settings.OTP_OBBLIGATORIO:
            return redirect("otp_attiva")
        return self.get_response(request)

    @staticmethod
    def _ha_dispositivo(request: HttpRequest, user: object) -> bool:
        """A confirmed device is enrolled in this very session (which is then verified) or added by
        an admin; the "none" answer is kept for a minute rather than asked on every request."""
        from django_otp import user_has_device

        if not _da_rinnovare(request, "_otp_controllato") and not request.session.get("_otp_dispositivo"):
            return False
        ha = user_has_device(user, confirmed=True)
        request.session["_otp_dispositivo"] = ha
        return ha


class CSPConAdmin(CSPMiddleware):
    """Third-party admin templates (django-simple-history's history list) carry `style=` attributes.
    Only under the admin, only style attributes are allowed: no <style> element, no inline script."""

    def get_policy_parts(self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False) -> PolicyParts:
        parti = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(reverse("admin:index")):
            parti.update = {**(parti.update or {}), "style-src-attr": ["'unsafe-inline'"]}
        return parti
