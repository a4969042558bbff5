"""The API reference (/api/docs/) in a real browser under our Content-Security-Policy: Swagger UI
loads from our static files, renders every operation from /api/schema/, and nothing is blocked."""

import pytest

from tests.factories import ServiceFactory, make_version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_reference_renders_the_schema_without_csp_violations_or_other_hosts(live_server, page):
    make_version(service=ServiceFactory(name="Email Pro", slug="email-pro"), activities=3)
    violations, hosts = [], set()
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))

    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".opblock", timeout=20_000)

    assert page.locator(".opblock").count() == 9  # every operation of the schema
    assert page.locator(".title").first.inner_text().startswith("RACI Registry API")
    assert violations == [], violations
    assert hosts == {live_server.url.split("/")[2]}
    # Trying a read from the page works: the schema's servers are this site.
    page.locator(".opblock-summary-path", has_text="/api/v1/services/").first.click()
    page.locator("button.try-out__btn").first.click()
    page.locator("button.execute").first.click()
    status = page.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=20_000)
    assert status.inner_text().strip().startswith("200")
    assert violations == [], violations
