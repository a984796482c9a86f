"""TOTP two-factor for national roles: enrolment, the step after the password, the required mode."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _senza_attesa(settings):
    """django-otp waits 2^(n-1) s after n wrong codes; these tests follow a wrong code with a right one."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def codice(dispositivo: TOTPDevice, passi: int = 0) -> str:
    return f"{totp(dispositivo.bin_key, dispositivo.step, dispositivo.t0, dispositivo.digits, dispositivo.drift + passi):06d}"


def _attiva(client) -> TOTPDevice:
    client.get("/accounts/2fa/attiva/")
    dispositivo = TOTPDevice.objects.get(confirmed=False)
    assert client.post("/accounts/2fa/attiva/", {"codice": codice(dispositivo)}).status_code == 302
    return dispositivo


def _accedi(client, username: str):
    return client.post("/accounts/login/", {"username": username, "password": "password-di-prova"}, follow=True)


def test_enrolment_shows_a_server_drawn_qr_code_and_confirms_with_a_code(client_coordinatore):
    response = client_coordinatore.get("/accounts/2fa/attiva/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<img src="/accounts/2fa/qr.svg"' in html
    dispositivo = TOTPDevice.objects.get(user__username="coordinatore", confirmed=False)
    qr = client_coordinatore.get("/accounts/2fa/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.lstrip().startswith(b"<?xml") or b"<svg" in qr.content[:200]
    assert b"<script" not in qr.content
    assert client_coordinatore.post("/accounts/2fa/attiva/", {"codice": "000000" if codice(dispositivo) != "000000" else "111111"}).status_code == 200
    dispositivo.refresh_from_db()
    assert not dispositivo.confirmed
    response = client_coordinatore.post("/accounts/2fa/attiva/", {"codice": codice(dispositivo)})
    assert response.status_code == 302
    dispositivo.refresh_from_db()
    assert dispositivo.confirmed
    # Once confirmed the QR code (the secret) is no longer served.
    assert client_coordinatore.get("/accounts/2fa/qr.svg").status_code == 404


def test_it_refuses_enrolment_to_an_operatore(client_operatore):
    assert client_operatore.get("/accounts/2fa/attiva/").status_code == 403
    assert client_operatore.get("/accounts/2fa/qr.svg").status_code == 403
    assert client_operatore.post("/accounts/2fa/qr.svg").status_code == 403  # the role first, then the method


def test_after_the_password_a_user_with_a_device_must_give_the_code(client, coordinatore):
    client.force_login(coordinatore)
    dispositivo = _attiva(client)
    client.post("/accounts/logout/")
    response = _accedi(client, "coordinatore")
    assert response.redirect_chain[-1][0].startswith("/accounts/2fa/verifica/")
    # Every other page, the admin's included, sends back to the verification step.
    for url in ("/", "/cruscotto/", "/admin/"):
        assert client.get(url)["Location"].startswith("/accounts/2fa/verifica/?next=")
    assert "Codice non valido" in client.post("/accounts/2fa/verifica/", {"codice": "12345x"}).content.decode()
    response = client.post("/accounts/2fa/verifica/?next=/cruscotto/", {"codice": codice(dispositivo, passi=1)})
    assert response.status_code == 302
    assert response["Location"] == "/cruscotto/"
    assert client.get("/").status_code == 200


def test_verification_ignores_an_outside_next(client, coordinatore):
    client.force_login(coordinatore)
    dispositivo = _attiva(client)
    client.post("/accounts/logout/")
    _accedi(client, "coordinatore")
    response = client.post("/accounts/2fa/verifica/?next=https://example.com/", {"codice": codice(dispositivo, passi=1)})
    assert response["Location"] == "/"


def test_without_a_device_two_factor_is_optional_by_default(client_coordinatore):
    assert client_coordinatore.get("/").status_code == 200


def test_required_mode_sends_national_users_to_enrolment(client_coordinatore, settings):
    settings.OTP_OBBLIGATORIO = True
    response = client_coordinatore.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/attiva/"
    html = client_coordinatore.get("/accounts/2fa/attiva/").content.decode()
    assert "è obbligatoria" in html
    _attiva(client_coordinatore)
    assert client_coordinatore.get("/").status_code == 200


def test_required_mode_covers_the_admin(client, amministratore, settings):
    settings.OTP_OBBLIGATORIO = True
    client.force_login(amministratore)
    assert client.get("/admin/")["Location"] == "/accounts/2fa/attiva/"


def test_required_mode_leaves_an_operatore_alone(client_operatore, settings):
    settings.OTP_OBBLIGATORIO = True
    assert not client_operatore.get("/").get("Location", "").startswith("/accounts/2fa/")


def test_wrong_codes_are_throttled(client, coordinatore, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    client.force_login(coordinatore)
    dispositivo = _attiva(client)
    client.post("/accounts/logout/")
    _accedi(client, "coordinatore")
    client.post("/accounts/2fa/verifica/", {"codice": "12345x"})
    # Straight after a wrong code even the right one is refused for a while.
    assert client.post("/accounts/2fa/verifica/", {"codice": codice(dispositivo, passi=1)}).status_code == 200


def test_a_new_login_checks_for_a_device_at_once(client, coordinatore):
    """The one-minute memory of "no device" does not survive a login."""
    client.force_login(coordinatore)
    assert client.get("/").status_code == 200  # remembers: no device
    dispositivo = TOTPDevice.objects.create(user=coordinatore, name="app", confirmed=True)
    assert dispositivo.pk
    client.force_login(coordinatore)  # same user, same session: Django keeps its data
    assert client.get("/")["Location"].startswith("/accounts/2fa/verifica/")
