import pytest

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
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_wrong_password_gets_an_italian_message(client, operatore):
    response = client.post("/accounts/login/", {"username": "operatore-lombardia", "password": "sbagliata"})
    assert response.status_code == 200
    assert "Inserisci nome utente e password corretti" in response.content.decode()


def test_operatore_sees_name_role_and_region_in_header(client, operatore):
    assert client.login(username="operatore-lombardia", password="password-di-prova")
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
    assert client_operatore.get("/").status_code == 302


def test_static_assets_come_from_npm_packages():
    """Fonts and the map from the packages; CSS, JavaScript and icons built from them by `npm run build`."""
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/bootstrap-italia/fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-regular.woff2")
    assert finders.find("vendor/svg-maps-italy/italy.svg")
    for costruito in ["bootstrap-italia.css", "pagine.js", "grafico.js", "avanzamento.js", "icone.svg"]:
        assert finders.find(f"build/{costruito}"), costruito


def test_a_missing_front_end_build_is_a_system_check_warning(monkeypatch):
    from programma import checks

    assert checks.file_del_frontend(None) == []
    monkeypatch.setattr(checks.finders, "find", lambda nome: None)
    [avviso] = checks.file_del_frontend(None)
    assert avviso.id == "programma.W001" and "build/pagine.js" in avviso.msg
