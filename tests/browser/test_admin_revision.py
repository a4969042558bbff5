"""A whole revision in a real browser: an account manager edits the Email Pro draft in the grid,
sees the A/R warning, publishes, and readers see the change; another manager is refused."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from responsibilities.matrices import matrix_load
from responsibilities.models import AuditAction, AuditEntry, MatrixVersion
from responsibilities.services import draft_start
from tests.browser.admin_users import account_manager, log_in
from tests.email_pro import email_pro_matrix
from tests.factories import ServiceFactory, make_version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_ACTIVITY = "Enable two-factor authentication on the Email Pro control panel"


@pytest.fixture
def email_pro():
    alice = account_manager("alice")
    account_manager("bob")
    service = ServiceFactory(name="Email Pro", slug="email-pro", family="Web Cloud")
    service.editors.add(alice)
    make_version(service=service, matrix=email_pro_matrix(), summary="First publication")
    draft_start(service=service, user=alice)
    return service


def _row(page, text):
    """The grid row whose text box holds ``text`` (as typed, not only as first rendered)."""
    row_id = page.evaluate(
        """text => [...document.querySelectorAll("tr.raci-row")]
            .find(row => row.querySelector(".raci-text-input").value === text).id""",
        text,
    )
    return page.locator(f"tr[id='{row_id}']")


def _cell(page, activity, column):
    """The letters input of an activity's row, by the row's text and the column's position."""
    return _row(page, activity).locator(".raci-cell-input").nth(column)


def test_an_account_manager_revises_email_pro_in_the_grid(live_server, page, email_pro, docs_dir):
    csp_errors = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda error: csp_errors.append(str(error)))  # and no script error
    service_url = reverse("admin:responsibilities_service_change", args=[email_pro.pk])
    log_in(page, live_server, "alice", service_url)
    expect(page.locator(".raci-workflow")).to_contain_text("A draft is waiting")
    page.click("text=Edit grid")
    expect(page.locator("table.raci-grid caption")).to_contain_text("Draft matrix of Email Pro")
    expect(page.locator(".raci-grid-summary")).to_contain_text("Every activity follows the A/R rule")

    # Change a cell by typing: lower case, any order; leaving the cell makes it canonical.
    sizing = _cell(page, "Choose the service's sizing 10GB", 1)
    sizing.fill("ic")
    sizing.press("Tab")
    expect(sizing).to_have_value("CI")
    # Enter moves down the same column instead of submitting.
    sizing.focus()
    sizing.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").endswith("OVHcloud")

    # Add an activity below "Manage backups", with no Accountable party yet.
    backups = _row(page, "Manage backups on the service")
    backups.get_by_role("button", name="Add an activity below").click()
    new_row = backups.locator("xpath=following-sibling::tr[1]")
    new_row.locator(".raci-text-input").fill(NEW_ACTIVITY)
    new_row.locator(".raci-cell-input").nth(0).fill("r")
    # The R/A/C/I toggles act on the selected cell.
    new_row.locator(".raci-cell-input").nth(1).focus()
    page.locator(".raci-toggle[data-letter='I']").click()
    expect(new_row.locator(".raci-cell-input").nth(1)).to_have_value("I")
    page.click("input[name=_save]")

    # The save is kept, and the new row is flagged: nobody is Accountable.
    expect(page.locator(".messagelist")).to_contain_text("1 activity added")
    expect(page.locator(".raci-grid-summary")).to_contain_text("1 activity breaks the A/R rule")
    flagged = page.locator("tr.raci-has-problem")
    expect(flagged).to_have_count(1)
    expect(flagged.locator(".raci-problem")).to_contain_text("no party is Accountable (A)")
    expect(flagged.locator(".raci-text-input")).to_have_value(NEW_ACTIVITY)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.screenshot(path=str(docs_dir / "admin-grid.png"), full_page=True)

    # Leaving with unsaved changes asks first.
    _cell(page, NEW_ACTIVITY, 0).fill("ra")
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.locator(".breadcrumbs a").first.click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert "/draft/grid/" in page.url

    # Fix it, then save and go to publishing.
    page.click("input[name=_publish]")
    expect(page.locator(".raci-ok")).to_contain_text("Every activity follows the A/R rule")
    page.fill("#id_change_summary", "Added two-factor authentication; the customer is now consulted on sizing.")
    assert page.input_value("#id_last_updated") == datetime.date.today().isoformat()
    page.click("input[type=submit][value^='Publish version 2']")
    expect(page.locator(".messagelist")).to_contain_text("Version 2 of Email Pro is published")

    # Readers see the change on the public page.
    page.locator(".raci-workflow").get_by_role("link", name="Public page").click()
    expect(page.locator("main")).to_contain_text(NEW_ACTIVITY)
    sizing_row = page.locator("table.raci tbody tr", has_text="Choose the service's sizing 10GB")
    expect(sizing_row).to_contain_text("CI")
    page.screenshot(path=str(docs_dir / "public-page.png"), full_page=True)
    try:
        diff_url = reverse("responsibilities:diff", kwargs={"slug": "email-pro", "a": 1, "b": 2})
    except NoReverseMatch:
        diff_url = None  # the diff page arrives with the versioning branch
    if diff_url:
        page.goto(live_server.url + diff_url)
        expect(page.locator("main")).to_contain_text(NEW_ACTIVITY)

    published = MatrixVersion.objects.published().filter(service=email_pro)
    assert published.count() == 2
    texts = [a.text for _, a in matrix_load(published.get(number=2)).activities()]
    assert texts[texts.index("Manage backups on the service") + 1] == NEW_ACTIVITY
    actions = list(AuditEntry.objects.filter(service=email_pro, username="alice").values_list("action", flat=True))
    assert sorted(actions) == sorted([AuditAction.START_DRAFT, AuditAction.SAVE, AuditAction.SAVE, AuditAction.PUBLISH])
    assert csp_errors == []


def test_another_account_manager_is_refused_on_email_pro(live_server, page, email_pro):
    grid = reverse("admin:responsibilities_service_grid", args=[email_pro.pk])
    log_in(page, live_server, "bob", grid)
    expect(page.locator(".raci-forbidden")).to_contain_text("You are not an editor of “Email Pro”.")
    response = page.goto(live_server.url + reverse("admin:responsibilities_service_change", args=[email_pro.pk]))
    assert response.status == 403
    page.goto(live_server.url + reverse("admin:responsibilities_service_changelist"))
    expect(page.locator("#result_list")).to_have_count(0)
    assert "Email Pro" not in page.locator("#content-main").inner_text()
