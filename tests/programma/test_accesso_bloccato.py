"""Login throttling that stops the attacker, not the office (programma/accessi.py, issue #21).

Measured before: after 15 wrong passwords for `operatore-sicilia`, `operatore-lombardia` could not
log in from the same address (every colleague behind one office's NAT shares it), and anyone could
lock the coordinator out by name. Now the pair (name, address) is locked, an address only after a
much higher count, and a name's failures from many addresses make strangers wait, not the owner.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.db.models import F
from django.utils import timezone

from programma.accessi import ritardo_per_nome

pytestmark = pytest.mark.django_db

GIUSTA = "password-di-prova"
UFFICIO = "203.0.113.7"  # one office's NAT: every colleague shares it


@pytest.fixture(autouse=True)
def _axes_acceso(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 10
    settings.ACCESSO_TENTATIVI_INDIRIZZO = 100
    settings.ACCESSO_RITARDO_MASSIMO_SECONDI = 300


def _tenta(client, username: str, password: str, ip: str = UFFICIO, url: str = "/accounts/login/"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _passa_il_tempo(secondi: int) -> None:
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=secondi))


def test_the_colleague_at_the_same_address_gets_in_and_the_attacker_is_stopped(client, operatore, altro_operatore):
    """The review's case: 15 wrong passwords for one name from the office's address."""
    for _ in range(15):
        _tenta(client, "operatore-sicilia", "sbagliata")
    # The colleague at the next desk, same address, another name: in.
    assert _tenta(client, "operatore-lombardia", GIUSTA).status_code == 302
    client.logout()
    # The attacked name from the attacker's address: stopped, even with the right password.
    risposta = _tenta(client, "operatore-sicilia", GIUSTA)
    assert risposta.status_code == 429
    html = risposta.content.decode()
    assert 'data-motivo="coppia"' in html and "Riprova tra 15 minuti" in html
    assert 0 < int(risposta["Retry-After"]) <= 15 * 60
    assert "_auth_user_id" not in client.session


def test_below_the_limit_the_right_password_works(client, operatore):
    for _ in range(9):
        _tenta(client, "operatore-lombardia", "sbagliata")
    assert _tenta(client, "operatore-lombardia", GIUSTA).status_code == 302


def test_the_pairs_lock_ends_after_the_cool_off(client, operatore):
    for _ in range(10):
        _tenta(client, "operatore-lombardia", "sbagliata")
    assert _tenta(client, "operatore-lombardia", GIUSTA).status_code == 429
    _passa_il_tempo(16 * 60)
    assert _tenta(client, "operatore-lombardia", GIUSTA).status_code == 302


def test_a_name_is_never_locked_everywhere(client, coordinatore):
    """Anyone could lock the coordinator out by name: 50 wrong passwords from 50 addresses."""
    ufficio_nazionale = "192.0.2.10"
    assert _tenta(client, "coordinatore", GIUSTA, ip=ufficio_nazionale).status_code == 302  # their usual address
    client.logout()
    for n in range(50):
        _tenta(client, "coordinatore", "sbagliata", ip=f"198.51.100.{n}")
    # From the address the coordinator signs in from: in at once.
    assert _tenta(client, "coordinatore", GIUSTA, ip=ufficio_nazionale).status_code == 302
    client.logout()
    # From an address never seen for the name, right after the failures: a wait, not a lockout. (The
    # failures are dated now: on a slow machine the short waits of the first doublings could run out
    # between the loop and this login, and the test would measure the machine's speed.)
    AccessAttempt.objects.update(attempt_time=timezone.now())
    risposta = _tenta(client, "coordinatore", GIUSTA, ip="192.0.2.99")
    assert risposta.status_code == 429 and 'data-motivo="nome"' in risposta.content.decode()
    attesa = int(risposta["Retry-After"])
    assert 0 < attesa <= 300
    _passa_il_tempo(attesa)
    assert _tenta(client, "coordinatore", GIUSTA, ip="192.0.2.99").status_code == 302


def test_the_names_delay_slows_guessing_from_many_addresses(client, coordinatore):
    for n in range(12):
        _passa_il_tempo(ritardo_per_nome(n))  # a patient attacker: each guess waits its turn
        assert _tenta(client, "coordinatore", "sbagliata", ip=f"198.51.100.{n}").status_code == 200  # tried, wrong
    # 12 failures: a new address waits 4 s, and its guess during the wait tries no password.
    risposta = _tenta(client, "coordinatore", "sbagliata", ip="198.51.100.200")
    assert risposta.status_code == 429 and int(risposta["Retry-After"]) <= 4
    conteggio = sum(AccessAttempt.objects.filter(username="coordinatore").values_list("failures_since_start", flat=True))
    assert conteggio == 12  # a refused guess is not a failure: it cannot keep the delay growing


def test_the_delay_doubles_and_has_a_cap(settings):
    assert [ritardo_per_nome(n) for n in (0, 9, 10, 11, 12, 15, 18, 40, 10_000)] == [0, 0, 1, 2, 4, 32, 256, 300, 300]


def test_an_address_trying_many_names_is_throttled_only_after_a_much_higher_count(client, operatore, settings):
    settings.ACCESSO_TENTATIVI_INDIRIZZO = 30  # 100 by default; lowered to keep the test short
    for n in range(29):
        _tenta(client, f"utente-{n}", "sbagliata")
    assert _tenta(client, "operatore-lombardia", GIUSTA).status_code == 302  # the office still works
    client.logout()
    _tenta(client, "utente-29", "sbagliata")
    risposta = _tenta(client, "operatore-lombardia", GIUSTA)
    assert risposta.status_code == 429 and 'data-motivo="indirizzo"' in risposta.content.decode()
    # Another address is not affected.
    assert _tenta(client, "operatore-lombardia", GIUSTA, ip="192.0.2.50").status_code == 302


def test_the_admin_login_is_covered_too(client, amministratore):
    for _ in range(15):
        _tenta(client, "admin", "sbagliata", url="/admin/login/")
    risposta = _tenta(client, "admin", GIUSTA, url="/admin/login/")
    assert risposta.status_code == 429
    assert "Accesso temporaneamente bloccato" in risposta.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_admin_unlocks_by_deleting_the_attempts(client, operatore):
    """What the admin's "Tentativi di accesso" delete action (and `axes_reset`) does."""
    for _ in range(10):
        _tenta(client, "operatore-lombardia", "sbagliata")
    assert AccessAttempt.objects.filter(username="operatore-lombardia").exists()
    reset(username="operatore-lombardia")
    assert _tenta(client, "operatore-lombardia", GIUSTA).status_code == 302


def test_admin_lists_the_attempts(client, amministratore):
    for _ in range(3):
        _tenta(client, "operatore-lombardia", "sbagliata")
    client.force_login(amministratore)
    risposta = client.get("/admin/axes/accessattempt/")
    assert risposta.status_code == 200
    assert "operatore-lombardia" in risposta.content.decode()


def test_behind_a_proxy_the_client_address_is_taken_from_x_forwarded_for(client, operatore, settings):
    """With one trusted proxy, users behind it do not share the proxy's address."""
    settings.PROXY_FIDATI = 1
    settings.ACCESSO_TENTATIVI_INDIRIZZO = 12
    for n in range(12):
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
