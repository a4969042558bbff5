"""The grid editor in a real browser: without JavaScript, with the keyboard helpers, and accessible."""

import json

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from responsibilities.matrices import matrix_load
from responsibilities.services import draft_start
from tests.browser.admin_users import PASSWORD, account_manager, log_in
from tests.browser.test_public_reading import AXE, axe_violations
from tests.email_pro import email_pro_matrix
from tests.factories import ServiceFactory, StaffFactory, make_version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft():
    alice = account_manager("alice")
    service = ServiceFactory(name="Email Pro", slug="email-pro")
    service.editors.add(alice)
    make_version(service=service, matrix=email_pro_matrix())
    return draft_start(service=service, user=alice)


def _texts(draft):
    matrix = matrix_load(draft)
    return [(activity.text, activity.cells) for _, activity in matrix.activities()]


def _open_grid(page, live_server, draft):
    url = reverse("admin:responsibilities_service_grid", args=[draft.service_id])
    log_in(page, live_server, "alice", url)
    assert page.url.endswith(url)


def test_the_grid_works_without_javascript(live_server, browser, draft):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    _open_grid(page, live_server, draft)
    assert page.locator(".raci-toolbar").is_hidden()  # the toggles need the script
    # A new activity in the first blank row, slotted after row 30 ("Define and configure…").
    blank = page.locator("tr.raci-new").first
    blank.locator("select.raci-kind").select_option("activity")
    blank.locator(".raci-text-input").fill("Point the domain's MX records to Email Pro")
    blank.locator(".raci-order-input").fill("35")
    blank.locator(".raci-cell-input").nth(0).fill("r a")
    blank.locator(".raci-cell-input").nth(1).fill("c")
    page.get_by_role("button", name="Save draft").click()
    assert page.locator(".messagelist").inner_text().startswith("Draft saved: 1 activity added")
    texts = _texts(draft)
    assert texts[1] == ("Point the domain's MX records to Email Pro", {"Customer": "RA", "OVHcloud": "C"})

    # A wrong letter is refused on its cell, naming the row and the column; nothing is saved.
    page.locator("tr.raci-activity").first.locator(".raci-cell-input").nth(1).fill("X")
    page.get_by_role("button", name="Save draft").click()
    error = page.locator("td.raci-cell-error .errorlist")
    assert "1.1.1" in error.inner_text() and "OVHcloud" in error.inner_text()
    assert _texts(draft) == texts
    context.close()


def test_rows_move_and_cells_fill_from_the_keyboard(live_server, page, draft):
    _open_grid(page, live_server, draft)
    first = page.locator("tr.raci-activity").first
    first.get_by_role("button", name="Move row down").click()
    cell = page.locator("tr.raci-activity").first.locator(".raci-cell-input").nth(1)
    cell.focus()
    page.keyboard.type("ri")
    page.locator(".raci-toggle[data-letter='A']").click()
    assert cell.input_value() == "RAI"
    # A row inserted by mistake and left empty is simply not saved.
    page.locator("tr.raci-activity").last.get_by_role("button", name="Add an activity below").click()
    page.get_by_role("button", name="Save draft").click()
    saved = page.locator(".messagelist").inner_text()
    assert "Draft saved: " in saved and "added" not in saved
    texts = [text for text, _ in _texts(draft)]
    assert texts[:2] == [
        "Choose the service's sizing 10GB",
        "Define and configure a domain name before service subscription",
    ]
    assert _texts(draft)[0][1] == {"Customer": "RA", "OVHcloud": "RAI"}


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is missing: `make axe` (make test runs it) installs it")
def test_editing_pages_have_no_serious_accessibility_violation(live_server, page, draft):
    _open_grid(page, live_server, draft)
    for name in ("grid", "publish", "discard", "change"):
        page.goto(live_server.url + reverse(f"admin:responsibilities_service_{name}", args=[draft.service_id]))
        violations = axe_violations(page)
        assert violations == [], f"{name}: {json.dumps(violations, indent=1)}"


def test_superuser_service_pages_run_their_scripts_under_the_csp(live_server, page, draft):
    StaffFactory(username="root", is_superuser=True)
    errors = []
    # Script exceptions and CSP refusals (the browser's own /favicon.ico 404 is not ours).
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.on("response", lambda response: errors.append(response.url) if response.status >= 400 else None)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/responsibilities/service/add/")
    page.fill("#id_username", "root")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.locator("#id_name").press_sequentially("Hosted Exchange")
    expect(page.locator("#id_slug")).to_have_value("hosted-exchange")  # prepopulated by the admin's script
    expect(page.locator("#id_editors_from")).to_have_count(1)  # the filter widget, built by its script on load
    page.goto(live_server.url + reverse("admin:responsibilities_service_change", args=[draft.service_id]))
    expect(page.get_by_role("link", name="View on site")).to_have_count(1)
    assert errors == []
