"""The API in languages: ?lang= on a version (the translation's words, the source's letters), and
the languages every service and version lists."""

import datetime

import pytest

from responsibilities.translations.models import Translation
from tests.factories import ServiceFactory, make_translation, make_version

pytestmark = pytest.mark.django_db

URL = "/api/v1/services/email-pro/versions/1/"


@pytest.fixture
def translated():
    service = ServiceFactory(name="Email Pro", slug="email-pro")
    version = make_version(service=service, activities=6, last_updated=datetime.date(2022, 1, 1))
    make_translation(version, "fr-fr")
    return version


def test_lang_gives_the_translation_with_the_source_letters(client, translated):
    source = client.get(URL).json()
    french = client.get(URL + "?lang=fr-fr")
    assert french.status_code == 200
    assert french["Content-Language"] == "fr-fr"
    body = french.json()
    assert body["language"] == "fr-fr"
    assert body["parties"] == ["FR Customer", "FR OVHcloud"]
    assert body["title"] == "FR " + source["title"]
    assert body["fingerprint"] == Translation.objects.get(language="fr-fr").fingerprint
    assert body["fingerprint"] != source["fingerprint"]
    source_letters = [
        list(a["assignments"].values()) for s in source["sections"] for c in s["children"] for a in c["activities"]
    ]
    french_letters = [
        list(a["assignments"].values()) for s in body["sections"] for c in s["children"] for a in c["activities"]
    ]
    assert french_letters == source_letters
    assert body["languages"] == source["languages"] == ["en", "fr-fr"]
    # Written the way documentation file names write it, too.
    assert client.get(URL + "?lang=fr_FR").json()["language"] == "fr-fr"
    assert "language" not in client.get(URL + "?lang=en").json()


def test_a_language_the_version_does_not_have_is_a_404_naming_those_it_has(client, translated):
    response = client.get(URL + "?lang=de")
    assert response.status_code == 404
    assert response.json()["detail"] == "Version 1 of Email Pro is not in de; its languages: en, fr-fr."
    malformed = client.get(URL + "?lang=not a language")
    assert malformed.status_code == 400
    assert "lang" in malformed.json()["errors"]


def test_as_of_takes_lang_too(client, translated):
    body = client.get("/api/v1/services/email-pro/as-of/2022-06-01/?lang=fr-fr").json()
    assert body["language"] == "fr-fr" and body["version"] == 1


def test_lists_name_each_version_s_languages(client, translated):
    make_version(service=translated.service, activities=6, last_updated=datetime.date(2023, 1, 1), summary="Two")
    assert client.get("/api/v1/services/").json()["results"][0]["languages"] == ["en"]  # version 2: no translation
    versions = client.get("/api/v1/services/email-pro/versions/").json()["results"]
    assert [(v["number"], v["languages"]) for v in versions] == [(2, ["en"]), (1, ["en", "fr-fr"])]


def test_a_new_translation_changes_the_etag_of_the_version(client, translated):
    etag = client.get(URL)["ETag"]
    assert client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    make_translation(translated, "de-de", prefix="DE ")
    response = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["languages"] == ["en", "de-de", "fr-fr"]


@pytest.mark.parametrize("size", [6, 300])
def test_a_translation_costs_a_constant_number_of_queries(client, django_assert_max_num_queries, size):
    version = make_version(service=ServiceFactory(slug="email-pro"), activities=size)
    make_translation(version, "fr-fr")
    with django_assert_max_num_queries(14):
        assert client.get(URL + "?lang=fr-fr").status_code == 200


def test_each_language_is_its_own_cached_document_and_etag(client, translated):
    plain = client.get(URL)
    french = client.get(URL + "?lang=fr-fr")
    assert plain["ETag"] != french["ETag"]
    assert client.get(URL + "?lang=fr-fr")["X-Page-Cache"] == "hit"
    assert client.get(URL + "?lang=fr-fr").json()["language"] == "fr-fr"
    assert "language" not in client.get(URL).json()
    assert client.get(URL + "?lang=fr-fr", HTTP_IF_NONE_MATCH=plain["ETag"]).status_code == 200


@pytest.mark.parametrize("asked", ["fr", "fr-ca", "FR_fr"])
def test_lang_falls_back_within_its_family_as_on_the_public_pages(client, translated, asked):
    response = client.get(URL + f"?lang={asked}")
    assert response.status_code == 200
    assert response.json()["language"] == "fr-fr"
    assert response["Content-Language"] == "fr-fr"


def test_a_translated_version_is_the_public_json_in_that_language(client, translated):
    import json

    api = client.get(URL + "?lang=fr-fr")
    public = client.get("/services/email-pro/versions/1/?lang=fr-fr", HTTP_ACCEPT="application/json")
    assert public.status_code == 200
    assert json.loads(api.content) == json.loads(public.content)
    assert json.loads(client.get(URL).content) == json.loads(
        client.get("/services/email-pro/versions/1/", HTTP_ACCEPT="application/json").content
    )
