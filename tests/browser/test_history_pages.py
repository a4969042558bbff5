"""Auditors in a real browser: history, a superseded permalink, the diff, as-of; accessible (axe-core)."""

import json

import pytest

from tests.browser.test_public_reading import AXE, axe_violations
from tests.history_helpers import three_versions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_auditor_goes_from_an_old_version_to_what_changed(live_server, page):
    three_versions()
    page.goto(live_server.url + "/services/email-pro/versions/1/")
    assert page.locator(".superseded").inner_text().startswith("Version 1 of 3, superseded on 1 March 2023.")
    page.get_by_role("link", name="What changed since this version").click()
    assert page.url.endswith("/services/email-pro/diff/1/current/")
    assert page.get_by_role("heading", name="What changed from version 1 to version 3").is_visible()
    shifts = page.locator("section.shifts tbody tr")
    assert shifts.count() == 2
    assert "To the customer: more customer responsibility" in shifts.first.inner_text()
    page.get_by_role("link", name="Version history").click()
    assert page.locator("table.history-table tbody tr").count() == 3
    page.get_by_role("link", name="Compare with version 1").click()
    assert page.url.endswith("/services/email-pro/diff/1/2/")
    assert page.locator("th.words del").inner_text() == "1"
    assert page.locator("th.words ins").inner_text() == "one, clarified"


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is missing: `make axe` (make test runs it) installs it")
@pytest.mark.parametrize("language", ["en", "fr"])
def test_history_pages_have_no_serious_accessibility_violation(live_server, browser, language):
    three_versions()
    context = browser.new_context(locale=language, extra_http_headers={"Accept-Language": language})
    page = context.new_page()
    for path in (
        "/services/email-pro/versions/",
        "/services/email-pro/versions/1/",
        "/services/email-pro/diff/1/3/",
        "/services/email-pro/as-of/2023-06-01/",
        "/services/email-pro/as-of/2020-01-01/",
    ):
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        violations = axe_violations(page)
        assert violations == [], f"{path}: {json.dumps(violations, indent=1)}"
    context.close()
