import re
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpRequest

pytestmark = pytest.mark.django_db


def test_login_page_is_italian_and_styled(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="it">' in html
    assert "Accedi al Programma Infrastrutture" in html
    assert "Nome utente" in html
    assert "build/bootstrap-italia.css" in html


def test_pages_require_login(client):
    # Staff pages; the home "/" is the programme's public page for visitors (tests/contatori/test_home_pubblica.py).
    response = client.get("/tavoli/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_wrong_password_gets_an_italian_message(client, operatore):
    response = client.post("/accounts/login/", {"username": "operatore-lombardia", "password": "sbagliata"})
    assert response.status_code == 200
    assert "Inserisci nome utente e password corretti" in response.content.decode()


def test_operatore_sees_name_role_and_region_in_header(client, operatore):
    # With django-axes, authenticate() needs the request: client.login gets one, as axes' docs say.
    assert client.login(request=HttpRequest(), username="operatore-lombardia", password="password-di-prova")
    html = client.get("/", follow=True).content.decode()
    assert "operatore-lombardia" in html or "Operatore" in html
    assert "Operatore regionale" in html
    assert '<span data-testid="regione">Lombardia</span>' in html


def test_coordinatore_sees_all_regions_in_header(client_coordinatore):
    html = client_coordinatore.get("/", follow=True).content.decode()
    assert "Coordinatore nazionale" in html
    assert "Tutte le regioni" in html


def test_logout_is_post_only(client_operatore):
    assert client_operatore.get("/accounts/logout/").status_code == 405
    response = client_operatore.post("/accounts/logout/")
    assert response.status_code == 302
    assert client_operatore.get("/tavoli/").status_code == 302


def test_static_assets_come_from_npm_packages():
    """Fonts and the map from the packages; CSS, JavaScript and icons built from them by `npm run build`."""
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/bootstrap-italia/fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-regular.woff2")
    for costruito in ["bootstrap-italia.css", "pagine.js", "grafico.js", "avanzamento.js", "autocomplete.js", "autocomplete.css", "icone.svg", "italia.svg"]:
        assert finders.find(f"build/{costruito}"), costruito


def test_the_built_map_keeps_every_region_with_rounded_coordinates():
    """build/italia.svg has a path for each region the pages draw, with whole-number coordinates only
    (the build rounds them: the package's file has two decimals and weighs three times as much)."""
    from django.contrib.staticfiles import finders

    from regioni.mappa import forme

    mappa = Path(finders.find("build/italia.svg")).read_text(encoding="utf-8")
    originale = (settings.NODE_MODULES / "@svg-maps" / "italy" / "italy.svg").read_text(encoding="utf-8")
    assert f'viewBox="{forme()["viewBox"]}"' in mappa
    percorsi = dict(re.findall(r'<path id="([^"]+)" d="([^"]+)"/>', mappa))
    assert set(percorsi) == {regione["id"] for regione in forme()["regioni"]}
    assert all(re.fullmatch(r"(m[-\d ]+z)+", d) for d in percorsi.values())
    assert len(mappa) < len(originale) / 2


def test_a_missing_front_end_build_is_a_system_check_warning(monkeypatch):
    from programma import checks

    assert checks.file_del_frontend(None) == []
    monkeypatch.setattr(checks.finders, "find", lambda nome: None)
    [avviso] = checks.file_del_frontend(None)
    assert avviso.id == "programma.W001" and "build/pagine.js" in avviso.msg


def test_password_reset_routes_are_gone(client):
    """No e-mail is configured: an Amministratore resets passwords in the admin instead."""
    assert client.get("/accounts/password_reset/").status_code == 404
    assert client.get("/accounts/reset/MQ/abc-123/").status_code == 404
    assert "Chiedi a un Amministratore del programma" in client.get("/accounts/login/").content.decode()


def test_header_menu_links_password_change(client_operatore):
    html = client_operatore.get("/", follow=True).content.decode()
    assert 'href="/accounts/password/"' in html
    # Two-factor is offered to national roles only.
    assert 'href="/accounts/2fa/attiva/"' not in html


def test_password_change_works(client, operatore):
    client.force_login(operatore)
    response = client.get("/accounts/password/")
    assert response.status_code == 200
    assert "Password attuale" in response.content.decode()
    response = client.post(
        "/accounts/password/",
        {"old_password": "password-di-prova", "new_password1": "Nuova-Parola-2026!", "new_password2": "Nuova-Parola-2026!"},
    )
    assert response.status_code == 302
    operatore.refresh_from_db()
    assert operatore.check_password("Nuova-Parola-2026!")
    # The session survives the change (update_session_auth_hash).
    assert client.get("/").status_code in (200, 302)
    assert "_auth_user_id" in client.session


def test_password_change_rejects_a_wrong_old_password(client, operatore):
    client.force_login(operatore)
    response = client.post(
        "/accounts/password/",
        {"old_password": "sbagliata", "new_password1": "Nuova-Parola-2026!", "new_password2": "Nuova-Parola-2026!"},
    )
    assert response.status_code == 200
    assert "La password attuale non è stata inserita correttamente" in response.content.decode()
    operatore.refresh_from_db()
    assert operatore.check_password("password-di-prova")


def test_password_change_requires_login(client):
    response = client.get("/accounts/password/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_header_menu_offers_two_factor_to_national_roles(client_coordinatore):
    html = client_coordinatore.get("/").content.decode()
    assert 'href="/accounts/password/"' in html
    assert 'href="/accounts/2fa/attiva/"' in html
