"""English and French: every message translated, dates in words, a switcher that needs no JavaScript."""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.email_pro import email_pro_matrix
from tests.factories import ServiceFactory, make_version

FRENCH_PO = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def test_every_french_message_is_translated_and_none_is_fuzzy():
    text = FRENCH_PO.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    entries = text.split("\n\n")[1:]
    untranslated = [entry for entry in entries if any(not value for value in _translations(entry))]
    assert untranslated == []
    assert len(entries) > 100


def _translations(entry: str) -> list[str]:
    """The msgstr values of one .po entry, continuation lines joined."""
    values, current = [], None
    for line in entry.splitlines():
        if line.startswith("msgstr"):
            current = len(values)
            values.append(line.split(" ", 1)[1].strip('"'))
        elif line.startswith('"') and current is not None:
            values[current] += line.strip('"')
        else:
            current = None
    return values


def test_french_messages_compile_cleanly():
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "-o", "/dev/null", str(FRENCH_PO)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture
def email_pro(db):
    return make_version(service=ServiceFactory(name="Email Pro", slug="email-pro"), matrix=email_pro_matrix())


def test_english_is_the_default_with_dates_in_words(client, email_pro):
    body = client.get("/services/email-pro/").content.decode()
    assert '<html lang="en">' in body
    assert "Last updated 17 November 2022" in body
    assert "What am I responsible for?" in body


def test_french_page_speaks_french_with_french_dates(email_pro):
    client = Client(headers={"accept-language": "fr-FR,fr;q=0.9"})
    body = client.get("/services/email-pro/?party=customer&letter=R").content.decode()
    assert '<html lang="fr">' in body
    assert "Dernière mise à jour le 17 novembre 2022" in body
    assert "De quoi suis-je responsable ?" in body
    assert "8 activités affichées sur 16" in body
    assert "Définition RACI" in body
    assert "Activité</th>" in body
    catalogue = client.get("/").content.decode()
    assert "17 novembre 2022" in catalogue
    assert "Customer : R pour 8 activités" in catalogue


def test_french_filter_errors_are_french(email_pro):
    client = Client(headers={"accept-language": "fr"})
    body = client.get("/services/email-pro/?party=martiens").content.decode()
    assert "Partie : Cette matrice n’a pas de partie « martiens »" in body


def test_language_switcher_posts_to_set_language_and_comes_back_to_the_same_filtered_page(email_pro):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/services/email-pro/?party=customer&letter=R")
    body = page.content.decode()
    assert 'action="/i18n/setlang/"' in body
    assert '<button type="submit" name="language" value="fr" lang="fr">Français</button>' in body
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/services/email-pro/?party=customer&letter=R"})
    assert response.status_code == 302
    assert response["Location"] == "/services/email-pro/?party=customer&letter=R"
    assert "Dernière mise à jour le 17 novembre 2022" in client.get(response["Location"]).content.decode()


def test_public_pages_set_no_cookie_and_vary_on_the_language_cookie(client, email_pro):
    """No per-visitor token in the switcher: pages stay shareable by caches, keyed by language."""
    for url in ("/", "/services/email-pro/", "/services/email-pro/versions/1/?party=customer"):
        response = client.get(url)
        assert not response.cookies, url
        vary = {value.strip() for value in response["Vary"].split(",")}
        assert {"Accept-Language", "Cookie"} <= vary, url
