"""publiccode.yml (Developers Italia's standard, 0.7) at the repository's root.

What it proves: the fields the standard requires are there with allowed values; the Italian
description's lengths fit the standard; the screenshots exist in docs/screenshots/; legal.license
is the licence the LICENSE file's text is (EUPL-1.2).
"""

from pathlib import Path

import pytest
import yaml

RADICE = Path(__file__).resolve().parent.parent
SVILUPPO = {"concept", "development", "beta", "stable", "obsolete"}
TIPI = {"standalone/mobile", "standalone/iot", "standalone/desktop", "standalone/web", "standalone/backend", "standalone/other",
        "addon", "library", "configurationFiles"}  # fmt: skip
MANUTENZIONE = {"internal", "contract", "community", "none"}


@pytest.fixture(scope="module")
def publiccode() -> dict:
    return yaml.safe_load((RADICE / "publiccode.yml").read_text(encoding="utf-8"))


def test_it_has_the_required_fields(publiccode):
    assert publiccode["publiccodeYmlVersion"] == "0.7"
    assert publiccode["name"] and publiccode["url"].startswith("https://")
    assert "web" in publiccode["platforms"]
    assert publiccode["developmentStatus"] in SVILUPPO
    assert publiccode["softwareType"] in TIPI
    assert publiccode["maintenance"]["type"] in MANUTENZIONE
    if publiccode["maintenance"]["type"] in {"internal", "community"}:
        assert all(c["name"] for c in publiccode["maintenance"]["contacts"])
    assert publiccode["localisation"]["localisationReady"] is True
    assert publiccode["localisation"]["availableLanguages"] == ["it"]


def test_the_italian_description_fits_the_standard(publiccode):
    it = publiccode["description"]["it"]
    assert len(it["shortDescription"]) <= 150
    assert 150 <= len(it["longDescription"]) <= 10_000
    assert it["features"] and all(len(f) <= 100 for f in it["features"])


def test_the_screenshots_are_in_docs(publiccode):
    screenshots = publiccode["description"]["it"]["screenshots"]
    assert screenshots
    for percorso in screenshots:
        assert percorso.startswith("docs/screenshots/") and (RADICE / percorso).is_file(), percorso


def test_the_license_is_the_license_file(publiccode):
    assert publiccode["legal"]["license"] == "EUPL-1.2"
    testo = (RADICE / "LICENSE").read_text(encoding="utf-8")
    assert testo.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    assert "15.Applicable Law" in testo and "Appendix" in testo  # the whole text, not a stub
