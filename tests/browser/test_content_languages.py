"""Readers in a real browser switch the matrix's language, and meet a translation behind (axe-clean)."""

import datetime
import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_public_reading import AXE, axe_violations
from tests.factories import ServiceFactory, make_translation, make_version, sample_matrix

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dedicated_servers():
    """Version 1 in en-gb with fr-fr and de-de translations; version 2 (current) translated into de-de only."""
    service = ServiceFactory(name="Dedicated Servers", slug="dedicated-servers", source_language="en-gb")
    first = make_version(service=service, matrix=sample_matrix(8), last_updated=datetime.date(2021, 12, 1))
    translate(first, "fr-fr")
    translate(first, "de-de")
    matrix = sample_matrix(8)
    matrix.sections[0].children[0].activities[0].text = "Activity number 1, reworded"
    second = make_version(service=service, matrix=matrix, last_updated=datetime.date(2024, 2, 29), summary="Reworded")
    translate(second, "de-de")
    return service


def translate(version, language):
    return make_translation(version, language, prefix=f"[{language}] ")


def first_row(page) -> str:
    return page.locator("table.raci tbody th[scope=row]").first.inner_text()


def test_a_reader_switches_the_matrix_language_and_keeps_their_filter(live_server, page, dedicated_servers):
    page.goto(live_server.url + "/services/dedicated-servers/?party=customer&letter=R")
    assert first_row(page) == "Activity number 1, reworded"
    assert (
        page.locator(".content-languages")
        .inner_text()
        .startswith("Shown in English (United Kingdom), the language it is written in.")
    )
    page.get_by_role("link", name="Deutsch (Deutschland)").click()
    expect(page).to_have_url(re.compile(r"/services/dedicated-servers/\?lang=de-de&party=customer&letter=R$"))
    assert first_row(page) == "[de-de] Activity number 1, reworded"
    assert page.locator("h1").get_attribute("lang") == "de-de"
    # On paper the language is stated, the links to the others are not printed.
    page.emulate_media(media="print")
    assert page.locator(".content-languages p").first.is_visible()
    assert not page.locator(".language-links").is_visible()
    page.emulate_media(media="screen")
    # The letters are the source's: the same rows are shown for the same filter.
    assert page.locator(".row-count").inner_text().startswith("4 of 8 activities shown")
    # The filter form keeps the language.
    page.get_by_label("Words in the activity").fill("reworded")
    page.get_by_role("button", name="Filter").click()
    assert "lang=de-de" in page.url
    assert page.locator("table.raci tbody th[scope=row]").all_inner_texts() == ["[de-de] Activity number 1, reworded"]
    page.get_by_role("link", name="English (United Kingdom)").click()
    assert "lang=en-gb" in page.url
    assert page.locator("h1").get_attribute("lang") == "en-gb"


def test_a_french_reader_is_told_the_translation_is_behind_and_can_read_it(live_server, browser, dedicated_servers):
    context = browser.new_context(locale="fr", extra_http_headers={"Accept-Language": "fr"})
    page = context.new_page()
    page.goto(live_server.url + "/services/dedicated-servers/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").get_attribute("lang") == "en-gb"  # the current version, in its own language
    notice = page.locator(".translation-behind")
    expect(notice).to_contain_text("La traduction en français (France) correspond à la version 1")
    notice.get_by_role("link", name="Lire la version 1 en français (France)").click()
    expect(page).to_have_url(re.compile(r"/services/dedicated-servers/versions/1/\?lang=fr-fr$"))
    assert first_row(page) == "[fr-fr] Activity number 1"
    assert page.locator(".notice.superseded").is_visible()
    page.go_back()
    page.locator(".translation-behind").get_by_role(
        "link", name=re.compile("Ce qui a changé depuis la version 1")
    ).click()
    expect(page).to_have_url(re.compile(r"/services/dedicated-servers/diff/1/current/$"))
    assert page.get_by_text("reworded").first.is_visible()
    context.close()


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is missing: `make axe` (make test runs it) installs it")
@pytest.mark.parametrize("language", ["en", "fr"])
def test_pages_in_languages_have_no_serious_accessibility_violation(live_server, browser, dedicated_servers, language):
    context = browser.new_context(locale=language, extra_http_headers={"Accept-Language": language})
    page = context.new_page()
    for path in (
        "/",
        "/services/dedicated-servers/",
        "/services/dedicated-servers/?lang=de-de",
        "/services/dedicated-servers/?lang=fr-fr",  # behind: the notice
        "/services/dedicated-servers/?lang=pl",  # not available
        "/services/dedicated-servers/versions/1/?lang=fr-fr&party=customer&letter=R",
        "/services/dedicated-servers/versions/",
        "/services/dedicated-servers/diff/1/2/?lang=de-de",
    ):
        page.goto(live_server.url + path)
        violations = axe_violations(page)
        assert violations == [], f"{path}: {json.dumps(violations, indent=1)}"
    context.close()
