"""Account pages: password change, the notifications' address and frequency, and the TOTP second
factor of national roles.

Passwords are reset by an Amministratore in the admin: there is no e-mail reset route.
"""

from __future__ import annotations

import base64
import io
from typing import Any

import segno
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from programma.activities.forms import ModuloBase
from regioni.models import Profilo
from regioni.scoping import Ruolo, solo_per


class CambioPasswordForm(PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("salva", gettext_lazy("Cambia password")))


class CambioPasswordView(auth_views.PasswordChangeView):
    form_class = CambioPasswordForm
    template_name = "activities/modulo.html"
    success_url = reverse_lazy("home")
    extra_context = {"titolo": gettext_lazy("Cambia password"), "annulla": reverse_lazy("home")}

    def form_valid(self, form: CambioPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("La password è stata cambiata."))
        return response


class NotificheForm(ModuloBase):
    """The user's own address (Django's `User.email`) and how they hear of the workflow's steps."""

    # The user's own field, its limits and its being optional with it.
    email = get_user_model()._meta.get_field("email").formfield(
        label=gettext_lazy("Indirizzo e-mail"),
        help_text=gettext_lazy(
            "Lascialo vuoto per non ricevere e-mail: i passaggi che ti riguardano restano nella tua pagina iniziale, in «Da fare»."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta:
        model = Profilo
        fields = ["email", "avvisi"]
        widgets = {"avvisi": forms.RadioSelect}
        labels = {"avvisi": gettext_lazy("Quando ricevere gli avvisi")}
        help_texts = {"avvisi": gettext_lazy("Il riepilogo arriva il lunedì mattina, con ciò che attende una tua azione.")}

    def __init__(self, *args: Any, utente: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.utente = utente
        self.fields["email"].initial = utente.email

    def save(self, commit: bool = True) -> Profilo:
        self.utente.email = self.cleaned_data["email"]
        self.utente.save(update_fields=["email"])
        self.instance.utente = self.utente
        return super().save(commit)


@login_required
def notifiche(request: HttpRequest) -> HttpResponse:
    """Every signed-in user sets their own address and chooses immediate e-mails or the weekly digest."""
    profilo = Profilo.objects.filter(utente=request.user).first() or Profilo(utente=request.user)
    form = NotificheForm(request.POST or None, instance=profilo, utente=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Preferenze degli avvisi salvate."))
        return redirect("notifiche")
    return render(request, "registration/notifiche.html", {"form": form, "titolo": _("Avvisi via e-mail")})


class CodiceOTPForm(forms.Form):
    """The six digits shown by the authenticator app, checked against one or more devices."""

    codice = forms.CharField(
        label=gettext_lazy("Codice a 6 cifre"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args: Any, dispositivi: list[TOTPDevice], pulsante: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dispositivi = dispositivi
        self.dispositivo: TOTPDevice | None = None
        self.helper = FormHelper()
        self.helper.add_input(Submit("verifica", pulsante))

    def clean_codice(self) -> str:
        codice = self.cleaned_data["codice"].strip()
        for dispositivo in self.dispositivi:
            # verify_is_allowed: django-otp's own throttling after repeated wrong codes.
            if dispositivo.verify_is_allowed()[0] and dispositivo.verify_token(codice):
                self.dispositivo = dispositivo
                return codice
        raise forms.ValidationError(_("Codice non valido o scaduto: riprova con quello mostrato ora dall'app."))


def _dispositivo_da_attivare(user: Any) -> TOTPDevice:
    dispositivo = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return dispositivo or TOTPDevice.objects.create(user=user, name=_("App di autenticazione"), confirmed=False)


@solo_per(*Ruolo.NAZIONALI)
def otp_attiva(request: HttpRequest) -> HttpResponse:
    """Enrolment: scan the QR code (or type the key), then confirm with a first code."""
    if user_has_device(request.user, confirmed=True):
        return render(request, "registration/otp_attiva.html", {"gia_attiva": True})
    dispositivo = _dispositivo_da_attivare(request.user)
    form = CodiceOTPForm(request.POST or None, dispositivi=[dispositivo], pulsante=_("Attiva"))
    if request.method == "POST" and form.is_valid():
        dispositivo.confirmed = True
        dispositivo.save(update_fields=["confirmed"])
        otp_login(request, dispositivo)
        messages.success(request, _("Verifica in due passaggi attivata: da ora ti chiederemo il codice dopo la password."))
        return redirect("home")
    chiave = base64.b32encode(dispositivo.bin_key).decode()
    contesto = {"form": form, "chiave": chiave, "obbligatoria": settings.OTP_OBBLIGATORIO}
    return render(request, "registration/otp_attiva.html", contesto)


@solo_per(*Ruolo.NAZIONALI)
@require_GET
def otp_qr(request: HttpRequest) -> HttpResponse:
    """The QR code of the device being enrolled, as an SVG drawn on the server (no script, no data: URL)."""
    dispositivo = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if dispositivo is None:
        raise Http404
    svg = io.BytesIO()
    segno.make(dispositivo.config_url, error="m").save(svg, kind="svg", scale=5, border=2)
    return HttpResponse(svg.getvalue(), content_type="image/svg+xml")


@login_required
def otp_verifica(request: HttpRequest) -> HttpResponse:
    """The second step after the password, for a user with a confirmed device."""
    dispositivi = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    if not dispositivi:
        return redirect("home")
    # crispy posts back to the same URL, query string included, so `next` is always in GET.
    destinazione = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(destinazione, allowed_hosts={request.get_host()}):
        destinazione = reverse("home")
    if request.user.is_verified():
        return redirect(destinazione)
    form = CodiceOTPForm(request.POST or None, dispositivi=dispositivi, pulsante=_("Verifica"))
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.dispositivo)
        return redirect(destinazione)
    return render(request, "registration/otp_verifica.html", {"form": form})
