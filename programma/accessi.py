"""Login throttling that stops the attacker, not the office (django-axes, issue #21).

A lockout by user name alone lets anyone lock a colleague, or the coordinator, out of every
address; one by address alone locks out everyone behind an office's NAT when one of them (or an
intruder among them) keeps failing. So, following OWASP's authentication guidance:

- the pair (user name, address) is locked after `ACCESSO_TENTATIVI` failures (django-axes'
  `AXES_LOCKOUT_PARAMETERS`): the one guessing is stopped, the colleague at the next desk is not;
- an address is throttled as a whole only after `ACCESSO_TENTATIVI_INDIRIZZO` failures, a count no
  office reaches by mistyping (many names tried from one address);
- a user name is never locked everywhere. Once it has `ACCESSO_TENTATIVI` failures from any
  addresses, a login for it from an address where it never signed in waits a delay that doubles with
  each further failure (1 s, 2 s, 4 s … up to `ACCESSO_RITARDO_MASSIMO_SECONDI`): guessing from many
  addresses slows to a crawl, the owner at a known address signs in at once, and national roles
  have the second factor besides. A login refused for the delay tries no password and is not counted.

Every failure stays countable for `AXES_COOLOFF_TIME`; the page says which rule applied and how
long to wait (`risposta_blocco`, 429 with `Retry-After`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

# What stopped a login, for the page that says so.
COPPIA, INDIRIZZO, NOME = "coppia", "indirizzo", "nome"


@dataclass(frozen=True)
class Blocco:
    motivo: str  # COPPIA, INDIRIZZO or NOME
    secondi: int  # how long until a login may be tried again


def _adesso(request: HttpRequest) -> Any:
    return getattr(request, "axes_attempt_time", None) or timezone.now()


def _fallimenti(tentativi: Any) -> tuple[int, Any]:
    """How many failures the attempts hold, and the last one's time."""
    dati = tentativi.aggregate(n=Sum("failures_since_start"), ultimo=Max("attempt_time"))
    return dati["n"] or 0, dati["ultimo"]


def ritardo_per_nome(fallimenti: int) -> int:
    """Seconds between two logins of a name from an unknown address, after `fallimenti` failures from
    anywhere: none below the limit, then doubling, never beyond the cap."""
    oltre = fallimenti - settings.AXES_FAILURE_LIMIT
    if oltre < 0:
        return 0
    return min(2 ** min(oltre, 30), settings.ACCESSO_RITARDO_MASSIMO_SECONDI)


class GestoreAccessi(AxesDatabaseHandler):
    """django-axes' database handler (the failures it records, the admin's "Access attempts"), with
    the rules above. axes locks the pair by itself (`AXES_LOCKOUT_PARAMETERS`); this adds the
    address's higher limit and the name's delay."""

    def _tentativi_recenti(self, request: HttpRequest, **filtro: Any) -> Any:
        return AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request), **filtro)

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """The failures axes compares with `AXES_FAILURE_LIMIT`: the pair's, or the limit itself once
        the address has reached its own, higher one."""
        coppia = super().get_failures(request, credentials)
        indirizzo, _ultimo = _fallimenti(self._tentativi_recenti(request, ip_address=request.axes_ip_address))
        if indirizzo >= settings.ACCESSO_TENTATIVI_INDIRIZZO:
            return max(coppia, settings.AXES_FAILURE_LIMIT)
        return coppia

    def attesa_per_nome(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """Seconds this login must still wait because of its name's failures from other addresses (0: none)."""
        nome = get_client_username(request, credentials)
        if not nome:
            return 0
        fallimenti, ultimo = _fallimenti(self._tentativi_recenti(request, username=nome))
        ritardo = ritardo_per_nome(fallimenti)
        if not ritardo or ultimo is None:
            return 0
        if AccessLog.objects.filter(username=nome, ip_address=request.axes_ip_address).exists():
            return 0  # the owner's usual address: the delay is for strangers
        attesa = (ultimo + timedelta(seconds=ritardo) - _adesso(request)).total_seconds()
        return math.ceil(attesa) if attesa > 0 else 0

    def blocco(self, request: HttpRequest, credentials: dict | None = None) -> Blocco | None:
        """What stops this login now, if anything."""
        if super().is_locked(request, credentials):
            indirizzo, ultimo = _fallimenti(self._tentativi_recenti(request, ip_address=request.axes_ip_address))
            motivo = INDIRIZZO if indirizzo >= settings.ACCESSO_TENTATIVI_INDIRIZZO else COPPIA
            if motivo == COPPIA:
                _n, ultimo = _fallimenti(
                    self._tentativi_recenti(request, ip_address=request.axes_ip_address, username=get_client_username(request, credentials))
                )
            fine = (ultimo or _adesso(request)) + (get_cool_off(request) or timedelta(0))
            return Blocco(motivo, max(math.ceil((fine - _adesso(request)).total_seconds()), 1))
        if attesa := self.attesa_per_nome(request, credentials):
            return Blocco(NOME, attesa)
        return None

    def is_locked(self, request: HttpRequest, credentials: dict | None = None) -> bool:
        blocco = self.blocco(request, credentials)
        request.blocco_accesso = blocco  # type: ignore[attr-defined]
        return blocco is not None

    def user_login_failed(self, sender: Any, credentials: dict, request: HttpRequest | None = None, **kwargs: Any) -> None:
        blocco = getattr(request, "blocco_accesso", None)
        if request is not None and blocco is not None and blocco.motivo == NOME:
            # Refused for the name's delay: no password was tried, so there is no failure to count
            # (counting it would let a stranger keep the delay growing); the page says how long to wait.
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.axes_credentials = credentials  # type: ignore[attr-defined]
            return
        super().user_login_failed(sender, credentials, request, **kwargs)


def risposta_blocco(request: HttpRequest, original_response: Any = None, credentials: dict | None = None) -> HttpResponse:
    """The page of a refused login (django-axes' AXES_LOCKOUT_CALLABLE): which rule stopped it and how
    long to wait, with status 429 and `Retry-After`."""
    blocco = getattr(request, "blocco_accesso", None) or GestoreAccessi().blocco(request, credentials)
    if blocco is None:  # locked by the failure just recorded: the pair's (or the address's) cool-off
        blocco = Blocco(COPPIA, int((get_cool_off(request) or timedelta(0)).total_seconds()))
    contesto = {
        "blocco": blocco,
        "limite": settings.AXES_FAILURE_LIMIT,
        "limite_indirizzo": settings.ACCESSO_TENTATIVI_INDIRIZZO,
        "minuti": math.ceil(blocco.secondi / 60),
    }
    risposta = render(request, "registration/bloccato.html", contesto, status=429)
    risposta["Retry-After"] = str(blocco.secondi)
    return risposta
