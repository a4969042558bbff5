"""Public pages in languages: ?lang=, the interface language, fallbacks, a translation behind, one page per language."""

import datetime
import json
import re

import pytest

from responsibilities.formats import read_file
from responsibilities.matrices import matrix_load
from tests.factories import ServiceFactory, make_translation, make_version, sample_matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return ServiceFactory(name="Dedicated Servers", slug="dedicated-servers", source_language="en-gb")


@pytest.fixture
def translated(service):
    """Version 1 in en-gb with fr-fr and de-de translations."""
    version = make_version(service=service, activities=6)
    translate(version, "fr-fr")
    translate(version, "de-de")
    return version


def translate(version, language):
    """Publish ``version``'s translation into ``language``: every text reads ``[language] text``."""
    return make_translation(version, language, prefix=f"[{language}] ")


def body(response) -> str:
    return response.content.decode()


def test_lang_shows_the_translation_with_the_sources_letters(client, translated):
    page = body(client.get("/services/dedicated-servers/?lang=fr-fr"))
    assert "[fr-fr] Activity number 1<" in page
    assert "Activity number 1<" not in page.replace("[fr-fr] Activity number 1<", "")
    assert '<th scope="col" class="party">[fr-fr] Customer</th>' in page
    assert '<h1 lang="fr-fr">[fr-fr] Shared responsibilities</h1>' in page
    source, french = (
        matrix_load(translated),
        read_file(client.get("/services/dedicated-servers/versions/1.json?lang=fr-fr").content, filename="v.json"),
    )
    assert [a.cells for _, a in source.activities()] == [
        {name.removeprefix("[fr-fr] "): letters for name, letters in a.cells.items()} for _, a in french.activities()
    ]


def test_the_page_states_its_language_and_links_the_others(client, translated):
    page = body(client.get("/services/dedicated-servers/?lang=fr-fr"))
    assert "Shown in French (France): a translation of the original in English (United Kingdom)" in page
    assert (
        'href="/services/dedicated-servers/?lang=en-gb" hreflang="en-gb" lang="en-gb">English (United Kingdom)</a>'
        in page
    )
    assert (
        'href="/services/dedicated-servers/?lang=de-de" hreflang="de-de" lang="de-de">Deutsch (Deutschland)</a>' in page
    )
    assert 'href="/services/dedicated-servers/?lang=fr-fr"' not in page  # the one shown is stated, not linked
    source = body(client.get("/services/dedicated-servers/"))
    assert "Shown in English (United Kingdom), the language it is written in." in source
    assert (
        'href="/services/dedicated-servers/?lang=fr-fr" hreflang="fr-fr" lang="fr-fr">Français (France)</a>' in source
    )


@pytest.mark.parametrize(
    ("asked", "shown"),
    [("fr", "fr-fr"), ("fr-ca", "fr-fr"), ("FR_fr", "fr-fr"), ("de-at", "de-de"), ("en", "en-gb"), ("en-us", "en-gb")],
)
def test_lang_falls_back_within_its_family(client, translated, asked, shown):
    page = body(client.get(f"/services/dedicated-servers/versions/1/?lang={asked}"))
    assert f'<h1 lang="{shown}">' in page
    assert "no translation in the language asked for" not in page


def test_without_lang_the_interface_language_chooses(client, translated):
    page = body(client.get("/services/dedicated-servers/", HTTP_ACCEPT_LANGUAGE="fr"))
    assert '<html lang="fr">' in page
    assert '<h1 lang="fr-fr">[fr-fr] Shared responsibilities</h1>' in page
    assert "Affiché en français (France)" in page
    page = body(client.get("/services/dedicated-servers/", HTTP_ACCEPT_LANGUAGE="en"))
    assert '<h1 lang="en-gb">Shared responsibilities</h1>' in page


def test_lang_wins_over_the_interface_language_and_links_keep_it(client, translated):
    page = body(client.get("/services/dedicated-servers/?lang=de-de", HTTP_ACCEPT_LANGUAGE="fr"))
    assert '<h1 lang="de-de">' in page
    assert 'href="/services/dedicated-servers/versions/?lang=de-de"' in page  # history
    assert 'href="/services/dedicated-servers/versions/1.csv?lang=de-de"' in page  # downloads
    assert '<input type="hidden" name="lang" value="de-de">' in page  # the filter form keeps it
    assert "party=customer&amp;letter=R&amp;lang=de-de" in page  # "What am I responsible for?"


@pytest.mark.parametrize("asked", ["pl", "zz-top", "<script>alert(1)</script>", "x" * 5000, "fr-", "%00", "fr\u202e"])
def test_a_lang_the_version_lacks_or_that_is_no_code_shows_the_source_and_says_so(client, translated, asked):
    response = client.get("/services/dedicated-servers/", {"lang": asked})
    assert response.status_code == 200
    page = body(response)
    assert '<h1 lang="en-gb">' in page
    assert "This version has no translation in the language asked for" in page
    assert "<script>alert(1)" not in page and "x" * 100 not in page


def test_hostile_lang_values_share_one_cache_entry(client, translated):
    """However many spellings of ?lang= arrive, a version has one page per language (and one for "not available")."""
    from django.core.cache import cache

    keys_before = set(_page_keys(cache))
    for asked in ["fr", "FR", "fr_FR", "fr-fr", "fr-ca", "fr-be-x"]:
        client.get("/services/dedicated-servers/", {"lang": asked})
    for asked in ["pl", "zz", "!!", "x" * 300, "pl-pl"]:
        client.get("/services/dedicated-servers/", {"lang": asked})
    new = set(_page_keys(cache)) - keys_before
    assert len(new) == 2, new


def _page_keys(cache):
    store = getattr(cache, "_cache", {})
    return [key for key in store if ":raci:page:version:" in key or key.startswith("raci:page:version:")]


def test_the_etag_names_the_language(client, translated):
    english = client.get("/services/dedicated-servers/versions/1/")
    french = client.get("/services/dedicated-servers/versions/1/?lang=fr-fr")
    assert english["ETag"] != french["ETag"]
    assert french["ETag"].strip('"').startswith(translated.fingerprint)  # the version's, in every language
    again = client.get("/services/dedicated-servers/versions/1/?lang=fr", HTTP_IF_NONE_MATCH=french["ETag"])
    assert again.status_code == 304
    assert client.get("/services/dedicated-servers/versions/1/", HTTP_IF_NONE_MATCH=french["ETag"]).status_code == 200


def _translation(version, language):
    from responsibilities.translations.models import Translation

    return Translation.objects.latest_published().get(version=version, language=language)


# --- A translation behind: never shown as current --------------------------------------------


@pytest.fixture
def behind(service):
    """Version 1 translated into fr-fr; version 2 (current) only in en-gb."""
    first = make_version(service=service, activities=6, last_updated=datetime.date(2023, 1, 10))
    translate(first, "fr-fr")
    matrix = sample_matrix(6)
    matrix.sections[0].children[0].activities[0].text = "Activity number 1, reworded"
    make_version(service=service, matrix=matrix, last_updated=datetime.date(2024, 2, 29), summary="Reworded")
    return first


def test_the_current_page_in_a_language_behind_is_the_source_with_a_notice(client, behind):
    page = body(client.get("/services/dedicated-servers/?lang=fr-fr"))
    assert '<h1 lang="en-gb">Shared responsibilities</h1>' in page
    assert "[fr-fr]" not in page
    assert "The French (France) translation belongs to version 1, not to this version (2)." in page
    link = '<a href="/services/dedicated-servers/versions/1/?lang=fr-fr" hreflang="fr-fr">'
    assert link + "Read version 1 in French (France)</a>" in page
    assert 'href="/services/dedicated-servers/diff/1/current/">What changed since version 1</a>' in page
    assert "no translation in the language asked for" not in page  # the notice says more


def test_a_french_reader_of_the_current_page_gets_the_notice_too(client, behind):
    page = body(client.get("/services/dedicated-servers/", HTTP_ACCEPT_LANGUAGE="fr"))
    assert '<h1 lang="en-gb">' in page
    assert "La traduction en français (France) correspond à la version 1, pas à cette version (2)." in page


def test_the_old_version_is_shown_in_its_translation(client, behind):
    page = body(client.get("/services/dedicated-servers/versions/1/?lang=fr-fr"))
    assert '<h1 lang="fr-fr">[fr-fr] Shared responsibilities</h1>' in page
    assert "Version 1 of 2, superseded" in page
    assert "belongs to version" not in page


def test_history_shows_the_languages_of_each_version(client, behind):
    page = body(client.get("/services/dedicated-servers/versions/"))
    rows = re.findall(r'<tr id="v(\d)">(.*?)</tr>', page, flags=re.S)
    languages = {number: re.findall(r'hreflang="([a-z-]+)"', row) for number, row in rows}
    assert languages == {"2": ["en-gb"], "1": ["en-gb", "fr-fr"]}
    assert 'href="/services/dedicated-servers/versions/1/?lang=fr-fr"' in page


def test_the_catalogue_lists_the_service_once_in_the_readers_language(client, service):
    version = make_version(service=service, activities=3)
    translate(version, "fr-fr")
    make_version(service=ServiceFactory(name="Email Pro", slug="email-pro"), activities=3)
    french = body(client.get("/", HTTP_ACCEPT_LANGUAGE="fr"))
    assert french.count('href="/services/dedicated-servers/"') == 1
    assert '<p class="shown-title" lang="fr-fr">[fr-fr] Shared responsibilities</p>' in french
    english = body(client.get("/", HTTP_ACCEPT_LANGUAGE="en"))
    assert '<p class="shown-title" lang="en-gb">Shared responsibilities</p>' in english
    assert (
        'href="/services/dedicated-servers/?lang=fr-fr" hreflang="fr-fr" lang="fr-fr">Français (France)</a>' in english
    )


def test_the_catalogue_says_where_a_language_is_behind(client, behind):
    page = body(client.get("/"))
    assert "French (France): only up to version 1" in page
    assert 'href="/services/dedicated-servers/versions/1/?lang=fr-fr"' in page


def test_the_catalogue_finds_a_service_by_the_words_of_a_translation(client, translated):
    assert "Dedicated Servers" in body(client.get("/?q=[fr-fr]"))
    assert "Dedicated Servers" not in body(client.get("/?q=[es-es]"))


# --- Downloads, JSON, feeds, diff --------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "md", "json", "xlsx", "ods"])
def test_downloads_in_a_language(client, translated, fmt):
    response = client.get(f"/services/dedicated-servers/versions/1.{fmt}?lang=fr")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="dedicated-servers-v1-fr-fr.{fmt}"'
    assert response["Content-Language"] == "fr-fr"
    matrix = read_file(response.content, filename=f"x.{fmt}")
    assert all(activity.text.startswith("[fr-fr] ") for _, activity in matrix.activities())
    source = client.get(f"/services/dedicated-servers/versions/1.{fmt}", HTTP_ACCEPT_LANGUAGE="fr")
    assert source["Content-Disposition"] == f'attachment; filename="dedicated-servers-v1.{fmt}"'
    assert not any(a.text.startswith("[") for _, a in read_file(source.content, filename=f"x.{fmt}").activities())


def test_download_etags_differ_by_language(client, translated):
    french = client.get("/services/dedicated-servers/versions/1.csv?lang=fr-fr")
    english = client.get("/services/dedicated-servers/versions/1.csv")
    assert french["ETag"] != english["ETag"]
    again = client.get("/services/dedicated-servers/versions/1.csv?lang=fr-fr", HTTP_IF_NONE_MATCH=french["ETag"])
    assert again.status_code == 304


def test_the_json_lists_the_languages_source_first_and_carries_the_language(client, translated):
    document = client.get("/services/dedicated-servers/versions/1/", HTTP_ACCEPT="application/json").json()
    assert document["languages"] == ["en-gb", "de-de", "fr-fr"]
    assert "language" not in document
    assert document["fingerprint"] == translated.fingerprint
    french = client.get("/services/dedicated-servers/versions/1/?lang=fr", HTTP_ACCEPT="application/json").json()
    assert french["language"] == "fr-fr"
    assert french["languages"] == ["en-gb", "de-de", "fr-fr"]
    assert french["fingerprint"] == _translation(translated, "fr-fr").fingerprint
    assert french["title"] == "[fr-fr] Shared responsibilities"


def test_the_json_of_a_version_without_translations_is_unchanged(client, service):
    version = make_version(service=service)
    document = client.get("/services/dedicated-servers/", HTTP_ACCEPT="application/json").json()
    assert "languages" not in document and "language" not in document
    assert document["fingerprint"] == version.fingerprint
    document.pop("fingerprint")
    from responsibilities.formats.json_format import canonical_json

    assert json.loads(canonical_json(matrix_load(version))) == document


def test_the_feed_in_a_language(client, behind):
    feed = body(client.get("/services/dedicated-servers/feed/?lang=fr-fr"))
    titles = re.findall(r"<title>(.*?)</title>", feed)
    assert "Dedicated Servers — version 1: [fr-fr] Shared responsibilities" in titles
    assert "Dedicated Servers — version 2: Shared responsibilities" in titles  # no French for version 2
    assert 'href="/services/dedicated-servers/diff/1/2/?lang=fr-fr"' in feed or "diff/1/2/?lang=fr-fr" in feed
    everything = body(client.get("/feed/?lang=fr-fr"))
    assert "[fr-fr] Shared responsibilities" in everything


def test_the_diff_in_a_language_both_versions_have(client, service):
    first = make_version(service=service, activities=6)
    matrix = sample_matrix(6)
    matrix.sections[0].children[0].activities[0].text = "Activity number 1, reworded"
    second = make_version(service=service, matrix=matrix, summary="Reworded")
    translate(first, "fr-fr")
    translate(second, "fr-fr")
    french = body(client.get("/services/dedicated-servers/diff/1/2/?lang=fr"))
    assert "Shown in French (France): the translations of both versions" in french
    assert "[fr-fr] Activity number 1" in french
    assert "<ins>, reworded</ins>" in french
    english = body(client.get("/services/dedicated-servers/diff/1/2/"))
    assert "[fr-fr]" not in english
    # The same changes counted in every language: a translation never adds, moves or reassigns rows.
    counts = re.compile(r"<dt>(.*?)</dt><dd>(\d+)</dd>")
    assert [n for _, n in counts.findall(french)] == [n for _, n in counts.findall(english)]


def test_the_diff_falls_back_to_the_source_when_one_version_lacks_the_language(client, behind):
    page = body(client.get("/services/dedicated-servers/diff/1/2/?lang=fr-fr"))
    assert "[fr-fr]" not in page
    assert "The two versions do not both have a translation in the language asked for" in page


# --- Query counts: constant in every language, at two sizes -----------------------------------


@pytest.mark.parametrize("size", [10, 300])
@pytest.mark.parametrize(
    ("url", "budget"),
    [
        # lookup, translations, version, its translation (1 + 3 texts + matrix_load's 5), parties, banner
        ("/services/dedicated-servers/?lang=fr-fr", 13),
        ("/services/dedicated-servers/?lang=pl", 9),
        ("/services/dedicated-servers/", 13),  # the interface language (French) chooses fr-fr
        ("/services/dedicated-servers/versions/1/?lang=fr", 14),
        ("/services/dedicated-servers/versions/2/?lang=fr-fr", 13),
        ("/services/dedicated-servers/as-of/2030-01-01/?lang=fr-fr", 14),
        ("/services/dedicated-servers/versions/", 3),
        # both versions in French, and the versions as written when their matching is not kept
        ("/services/dedicated-servers/diff/1/2/?lang=fr-fr", 31),
        ("/services/dedicated-servers/diff/1/current/?lang=de", 31),
        ("/services/dedicated-servers/versions/1.csv?lang=fr-fr", 12),
        ("/services/dedicated-servers/versions/1.json?lang=fr-fr", 12),
        ("/services/dedicated-servers/versions/1.csv", 8),
        ("/services/dedicated-servers/feed/?lang=fr-fr", 3),
        ("/feed/?lang=fr-fr", 2),
        ("/?q=Activity", 4),
        ("/", 4),
    ],
)
def test_query_counts_do_not_grow_with_the_matrix_in_any_language(
    client, service, django_assert_max_num_queries, size, url, budget
):
    from django.core.cache import cache

    first = make_version(service=service, activities=size)
    second = make_version(service=service, activities=size, summary="Again")
    for version in (first, second):
        translate(version, "fr-fr")
        translate(version, "de-de")
    cache.clear()  # nothing kept: not the pages, nor the diff's matching
    with django_assert_max_num_queries(budget):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200


def test_a_translated_page_names_its_canonical_address_and_its_alternates(client, behind):
    page = body(client.get("/services/dedicated-servers/versions/1/?lang=fr"))
    assert '<link rel="canonical" href="/services/dedicated-servers/versions/1/?lang=fr-fr">' in page
    assert '<link rel="alternate" hreflang="en-gb" href="/services/dedicated-servers/versions/1/?lang=en-gb">' in page
    source = body(client.get("/services/dedicated-servers/versions/1/"))
    assert '<link rel="canonical" href="/services/dedicated-servers/versions/1/">' in source
