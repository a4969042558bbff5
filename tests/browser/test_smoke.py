"""The matrix page in a real browser: readable, and styled by our stylesheet (CSP allows it)."""

import pytest

from tests.factories import ServiceFactory, make_version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_matrix_page_renders_in_chromium_with_its_stylesheet(live_server, page):
    version = make_version(service=ServiceFactory(name="Email Pro", slug="email-pro"), activities=6)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server.url}/services/{version.service.slug}/")
    assert page.locator("h1").inner_text() == "Shared responsibilities"
    assert page.locator("table.raci tbody tr").count() == 6
    # The stylesheet loaded: the site header has its dark background.
    background = page.eval_on_selector(".site-header", "el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(11, 47, 92)"
    assert not [e for e in errors if "Content Security Policy" in e]
