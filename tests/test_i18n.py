"""The interface in every language: every message translated, dates in words, a switcher that needs no JavaScript.

English is the source; French is the reference translation, and every other interface language's
file holds every one of its messages.
"""

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.formats import date_format

from tests.email_pro import email_pro_matrix
from tests.factories import ServiceFactory, make_version

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
FRENCH_PO = LOCALE / "fr" / "LC_MESSAGES" / "django.po"


def _po(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def test_every_interface_language_but_english_has_a_message_file():
    assert TRANSLATED == ["fr", "de", "es", "it", "pl", "pt"]
    assert all(_po(language).is_file() for language in TRANSLATED)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    text = _po(language).read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    entries = _entries(text)
    untranslated = [entry for entry in entries if any(not value for value in _translations(entry))]
    assert untranslated == [], f"{_po(language)}: translate these entries (make translations adds them)"
    assert len(entries) > 100


def _entries(text: str) -> list[str]:
    """The entries of a .po file after its header, obsolete ones (#~) left out."""
    entries = [entry.strip("\n") for entry in text.split("\n\n")[1:]]
    return [entry for entry in entries if entry and not entry.startswith("#~")]


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


def _message_ids(text: str) -> set[tuple[str, str, str]]:
    """(msgctxt, msgid, msgid_plural) of every entry, continuation lines joined."""
    ids = set()
    for entry in _entries(text):
        fields, current = {}, None
        for line in entry.splitlines():
            keyword = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) ", line)
            if keyword:
                current = keyword.group(1)
                fields[current] = line[keyword.end() :].strip('"')
            elif line.startswith('"') and current:
                fields[current] += line.strip('"')
            else:
                current = None
        ids.add((fields.get("msgctxt", ""), fields["msgid"], fields.get("msgid_plural", "")))
    return ids


@pytest.mark.parametrize("language", [code for code in TRANSLATED if code != "fr"])
def test_every_language_has_the_french_files_messages(language):
    """French is the reference: a message added there (or here only) is missing from the others."""
    french = _message_ids(FRENCH_PO.read_text(encoding="utf-8"))
    other = _message_ids(_po(language).read_text(encoding="utf-8"))
    assert sorted(french - other) == [], f"{_po(language)} lacks these French messages: run make translations"
    assert sorted(other - french) == [], f"{_po(language)} has messages the French file lacks"


@pytest.mark.parametrize("language", TRANSLATED)
def test_messages_compile_cleanly(language):
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "-o", "/dev/null", str(_po(language))],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_file_names_its_language_and_its_plural_rule(language):
    header = _po(language).read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert f'"Language: {language}\\n"' in header
    plural_rule = {
        "fr": "nplurals=2; plural=(n > 1);",
        "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    }.get(language, "nplurals=2; plural=(n != 1);")
    assert f'"Plural-Forms: {plural_rule}\\n"' in header


def test_polish_counts_take_their_three_forms():
    """One, a few (2-4, 22-24, not 12-14) and many: our rule wins over Django's own Polish catalogue."""
    singular = "%(counter)s published version. A published version never changes; each has a permanent address."
    plural = "%(counter)s published versions. A published version never changes; each has a permanent address."
    with translation.override("pl"):
        shown = {n: translation.ngettext(singular, plural, n).split(".")[0] % {"counter": n} for n in (1, 3, 5, 12, 22)}
    assert shown == {
        1: "1 opublikowana wersja",
        3: "3 opublikowane wersje",
        5: "5 opublikowanych wersji",
        12: "12 opublikowanych wersji",
        22: "22 opublikowane wersje",
    }


@pytest.mark.parametrize(
    ("language", "day"),
    [
        ("en", "1 November 2022"),
        ("fr", "1 novembre 2022"),
        ("de", "1. November 2022"),
        ("es", "1 de noviembre de 2022"),
        ("it", "1 Novembre 2022"),
        ("pl", "1 listopada 2022"),
        ("pt", "1 de Novembro de 2022"),
    ],
)
def test_dates_in_words_as_each_language_writes_them(language, day):
    with translation.override(language):
        assert date_format(date(2022, 11, 1), "DATE_FORMAT") == day


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
    for code, name in [
        ("fr", "Français"),
        ("de", "Deutsch"),
        ("es", "Español"),
        ("it", "Italiano"),
        ("pl", "Polski"),
        ("pt", "Português"),
    ]:
        assert f'<button type="submit" name="language" value="{code}" lang="{code}">{name}</button>' in body
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


@pytest.mark.parametrize(
    ("accept_language", "language", "phrases"),
    [
        (
            "de-DE,de;q=0.9",
            "de",
            [
                "Zuletzt aktualisiert am 17. November 2022",
                "Wofür bin ich verantwortlich?",
                "8 von 16 Aktivitäten angezeigt",
            ],
        ),
        (
            "es-ES,es;q=0.9",
            "es",
            [
                "Última actualización: 17 de noviembre de 2022",
                "¿De qué soy responsable?",
                "8 de 16 actividades mostradas",
            ],
        ),
        (
            "it-IT,it;q=0.9",
            "it",
            ["Ultimo aggiornamento: 17 Novembre 2022", "Di che cosa sono responsabile?", "8 attività mostrate su 16"],
        ),
        (
            "pl-PL,pl;q=0.9",
            "pl",
            ["Ostatnia aktualizacja: 17 listopada 2022", "Za co odpowiadam?", "Wyświetlono 8 z 16 czynności"],
        ),
        (
            "pt-BR,pt;q=0.9",
            "pt",
            ["Última atualização: 17 de Novembro de 2022", "Pelo que sou responsável?", "8 de 16 atividades mostradas"],
        ),
    ],
)
def test_each_interface_language_speaks_its_own_words_and_dates(email_pro, accept_language, language, phrases):
    client = Client(headers={"accept-language": accept_language})
    body = client.get("/services/email-pro/?party=customer&letter=R").content.decode()
    assert f'<html lang="{language}">' in body
    for phrase in phrases:
        assert phrase in body
    assert "What am I responsible for?" not in body
