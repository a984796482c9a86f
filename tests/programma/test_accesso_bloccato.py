"""Login throttling (django-axes): 30 wrong passwords, then the right one is refused."""

import pytest
from axes.models import AccessAttempt
from axes.utils import reset

pytestmark = pytest.mark.django_db

GIUSTA = "password-di-prova"


@pytest.fixture(autouse=True)
def _axes_acceso(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 10


def _tenta(client, url: str, username: str, password: str, ip: str = "203.0.113.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_it_locks_out_a_user_after_repeated_failures(client, operatore):
    for _ in range(30):
        _tenta(client, "/accounts/login/", "operatore-lombardia", "sbagliata")
    response = _tenta(client, "/accounts/login/", "operatore-lombardia", GIUSTA)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Accesso temporaneamente bloccato" in html
    assert "Riprova tra 15 minuti" in html
    assert "_auth_user_id" not in client.session


def test_it_locks_out_a_user_from_every_address(client, operatore):
    """Per user: spreading the guesses over many addresses does not help."""
    for n in range(10):
        _tenta(client, "/accounts/login/", "operatore-lombardia", "sbagliata", ip=f"198.51.100.{n}")
    assert _tenta(client, "/accounts/login/", "operatore-lombardia", GIUSTA, ip="192.0.2.1").status_code == 429


def test_it_locks_out_an_address_that_tries_many_users(client, operatore, altro_operatore):
    """Per address: trying many user names from one address does not help."""
    for n in range(10):
        _tenta(client, "/accounts/login/", f"utente-{n}", "sbagliata")
    assert _tenta(client, "/accounts/login/", "operatore-sicilia", GIUSTA).status_code == 429
    # Another address is not affected.
    response = _tenta(client, "/accounts/login/", "operatore-sicilia", GIUSTA, ip="192.0.2.50")
    assert response.status_code == 302


def test_below_the_limit_the_right_password_works(client, operatore):
    for _ in range(9):
        _tenta(client, "/accounts/login/", "operatore-lombardia", "sbagliata")
    assert _tenta(client, "/accounts/login/", "operatore-lombardia", GIUSTA).status_code == 302


def test_the_admin_login_is_locked_out_too(client, amministratore):
    for _ in range(30):
        _tenta(client, "/admin/login/", "admin", "sbagliata")
    response = _tenta(client, "/admin/login/", "admin", GIUSTA)
    assert response.status_code == 429
    assert "Accesso temporaneamente bloccato" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_admin_unlocks_by_deleting_the_attempts(client, operatore):
    """What the admin's "Tentativi di accesso" delete action (and `axes_reset`) does."""
    for _ in range(10):
        _tenta(client, "/accounts/login/", "operatore-lombardia", "sbagliata")
    assert AccessAttempt.objects.filter(username="operatore-lombardia").exists()
    reset(username="operatore-lombardia")
    reset(ip="203.0.113.7")
    assert _tenta(client, "/accounts/login/", "operatore-lombardia", GIUSTA).status_code == 302


def test_admin_lists_the_attempts(client, amministratore):
    for _ in range(3):
        _tenta(client, "/accounts/login/", "operatore-lombardia", "sbagliata")
    client.force_login(amministratore)
    response = client.get("/admin/axes/accessattempt/")
    assert response.status_code == 200
    assert "operatore-lombardia" in response.content.decode()


def test_behind_a_proxy_the_client_address_is_taken_from_x_forwarded_for(client, operatore, settings):
    """With one trusted proxy, users behind it do not share the proxy's address."""
    settings.PROXY_FIDATI = 1
    for n in range(10):
        client.post(
            "/accounts/login/",
            {"username": f"utente-{n}", "password": "x"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="203.0.113.66",
        )
    ok = client.post(
        "/accounts/login/",
        {"username": "operatore-lombardia", "password": GIUSTA},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.99",
    )
    assert ok.status_code == 302
