"""Customers in a real browser: "what am I responsible for?", French, print, accessibility (axe-core)."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.email_pro import CUSTOMER_R, email_pro_matrix
from tests.factories import ServiceFactory, make_version, sample_matrix

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def email_pro():
    service = ServiceFactory(
        name="Email Pro", slug="email-pro", description="Microsoft Exchange email hosted in Europe."
    )
    return make_version(service=service, matrix=email_pro_matrix())


def shown_rows(page) -> list[str]:
    return page.locator("table.raci tbody th[scope=row]").all_inner_texts()


def test_customer_finds_their_responsibilities_in_two_clicks(live_server, page, email_pro):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Email Pro").click()
    expect(page).to_have_url(re.compile(r"/services/email-pro/$"))
    assert len(shown_rows(page)) == 16
    page.get_by_role("link", name="What am I responsible for?").click()
    expect(page).to_have_url(re.compile(r"/services/email-pro/\?party=customer&letter=R$"))
    assert shown_rows(page) == CUSTOMER_R
    assert page.locator(".row-count").inner_text() == "8 of 16 activities shown — filtered by Customer · R"
    # Every row shown has R in the Customer column; sections left empty are gone.
    assert all("R" in cell for cell in page.locator("table.raci tbody tr td:nth-of-type(1)").all_inner_texts())
    assert page.locator("h2", has_text="Before subscription").count() == 1
    assert page.locator("h3", has_text="Install service").count() == 0


def test_the_filter_form_combines_party_letter_and_words_without_javascript(live_server, browser, email_pro):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/services/email-pro/")
    page.get_by_label("Party").select_option("ovhcloud")
    page.get_by_label("Letter").select_option("I")
    page.get_by_label("Words in the activity").fill("access")
    page.get_by_role("button", name="Filter").click()
    assert "party=ovhcloud" in page.url and "letter=I" in page.url and "q=access" in page.url
    assert shown_rows(page) == ["Manage access to control plane", "Manage access to mail service and data plane"]
    page.get_by_label("Words in the activity").fill("teleportation")
    page.get_by_role("button", name="Filter").click()
    assert page.get_by_text("No activity matches these filters.").is_visible()
    context.close()


def test_switching_to_french_translates_the_page_and_its_dates(live_server, page, email_pro):
    page.goto(live_server.url + "/services/email-pro/?party=customer&letter=R")
    assert page.locator(".last-updated").inner_text().startswith("Last updated 17 November 2022")
    page.get_by_role("button", name="Français").click()
    assert page.url.endswith("/services/email-pro/?party=customer&letter=R")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator(".last-updated").inner_text().startswith("Dernière mise à jour le 17 novembre 2022")
    assert page.get_by_role("link", name="De quoi suis-je responsable ?").is_visible()
    assert page.locator(".row-count").inner_text() == "8 activités affichées sur 16 — filtre : Customer · R"
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"


def test_print_shows_the_document_header_and_hides_navigation_and_filters(live_server, page, email_pro, docs_dir):
    page.goto(live_server.url + "/services/email-pro/")
    page.emulate_media(media="print")
    for hidden in (".site-header", ".filters", ".customer-question", ".language-switcher", ".site-footer"):
        assert not page.locator(hidden).first.is_visible(), hidden
    header = page.locator(".matrix-header").inner_text()
    assert "Email Pro" in header and "Last updated 17 November 2022" in header and "Version 1" in header
    assert email_pro.fingerprint in header
    assert page.locator(".legend").is_visible()
    break_inside = page.eval_on_selector("table.raci tbody tr", "row => getComputedStyle(row).breakInside")
    assert break_inside == "avoid"
    page.set_viewport_size({"width": 900, "height": 1200})
    page.screenshot(path=str(docs_dir / "print.png"), full_page=True)
    assert (docs_dir / "print.png").stat().st_size > 10_000


def test_keyboard_users_reach_the_skip_link_first_and_see_where_focus_is(live_server, page, email_pro):
    page.goto(live_server.url + "/services/email-pro/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))  # following a link to a fragment takes a moment
    page.get_by_role("link", name="What am I responsible for?").focus()
    outline = page.eval_on_selector(".customer-question a", "a => getComputedStyle(a).outlineStyle")
    assert outline == "solid"


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page (through the debugging protocol, so the CSP does not block it)."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is missing: `make axe` (make test runs it) installs it")
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_public_pages_have_no_serious_accessibility_violation(live_server, browser, email_pro, language):
    make_version(service=ServiceFactory(name="Dedicated Servers", family="Bare Metal Cloud"), matrix=sample_matrix(8))
    context = browser.new_context(locale=language, extra_http_headers={"Accept-Language": language})
    page = context.new_page()
    for path in (
        "/",
        "/?q=exchange",
        "/services/email-pro/",
        "/services/email-pro/?party=customer&letter=R&q=manage",
        "/services/email-pro/?q=nothing-matches",
        "/services/email-pro/?party=nobody",
        "/services/email-pro/versions/1/",
    ):
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        violations = axe_violations(page)
        assert violations == [], f"{path}: {json.dumps(violations, indent=1)}"
    context.close()
