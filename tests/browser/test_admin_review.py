"""A new account manager in a real browser: previews that tell the truth, a readable trail, no
dead ends (the import preview of a real revision, the grid after a refused save, the 403 page,
two tabs on one draft, the audit list at 1366 × 900) and the catalogue's family filter; axe-clean."""

import json

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from responsibilities.formats import markdown
from responsibilities.matrices import matrix_load
from responsibilities.services import draft_start
from tests.browser.admin_users import account_manager, log_in
from tests.browser.test_public_reading import AXE, axe_violations
from tests.email_pro import email_pro_matrix
from tests.factories import ServiceFactory, make_version
from tests.formats.helpers import CORPUS
from tests.formats.helpers import page as corpus_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WEB_OLD, WEB_NEW = "web-hosting/en-gb/2023-08-28.md", "web-hosting/en-gb/2023-08-29.md"
needs_axe = pytest.mark.skipif(not AXE.exists(), reason="axe-core is missing: `make axe` installs it")


@pytest.fixture
def alice():
    return account_manager("alice")


@pytest.fixture
def web_hosting(alice):
    service = ServiceFactory(name="Web Hosting", slug="web-hosting", family="Web Cloud")
    service.editors.add(alice)
    make_version(service=service, matrix=markdown.read(corpus_page(WEB_OLD)), summary="First publication")
    return service


@pytest.fixture
def email_pro_draft(alice):
    service = ServiceFactory(name="Email Pro", slug="email-pro", family="Web Cloud")
    service.editors.add(alice)
    make_version(service=service, matrix=email_pro_matrix())
    return draft_start(service=service, user=alice)


def _no_violations(page, name):
    if AXE.exists():
        violations = axe_violations(page)
        assert violations == [], f"{name}: {json.dumps(violations, indent=1)}"


def _import_and_publish(page, live_server, service, summary):
    page.goto(live_server.url + reverse("admin:responsibilities_service_import", args=[service.pk]))
    page.set_input_files("#id_file", str(CORPUS / WEB_NEW))
    page.fill("#id_summary", summary)
    page.click("input[type=submit]")


@needs_axe
def test_the_preview_of_the_real_web_hosting_revision_reads_like_the_diff(
    live_server, page, alice, web_hosting, docs_dir
):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, "alice", reverse("admin:responsibilities_service_change", args=[web_hosting.pk]))
    _import_and_publish(page, live_server, web_hosting, "Wording of 27 activities")

    counts = page.locator(".raci-counts")
    expect(counts.locator("div", has_text="Reworded").locator("dd")).to_have_text("27")
    expect(counts.locator("div", has_text="Added").locator("dd")).to_have_text("0")
    expect(counts.locator("div", has_text="Removed").locator("dd")).to_have_text("0")
    reworded = page.locator("table.raci-reworded tbody tr")
    expect(reworded).to_have_count(27)
    first = reworded.first
    expect(first.locator("td.words del")).to_contain_text("web site")
    expect(first.locator("th.words ins")).to_contain_text("website")
    expect(page.locator(".raci-change-summary")).to_contain_text("Wording of 27 activities")
    _no_violations(page, "import preview")
    page.screenshot(path=str(docs_dir / "admin-import-preview.png"), full_page=False)

    page.click("input[name=confirm]")
    page.locator(".raci-workflow").get_by_role("link", name="Publish…").click()
    expect(page.locator("#id_change_summary")).to_have_value("Wording of 27 activities")
    page.click("input[type=submit][value^='Publish version 2']")
    page.goto(live_server.url + "/services/web-hosting/diff/1/2/")
    expect(page.locator(".diff-counts div", has_text="Reworded").locator("dd")).to_have_text("27")


@needs_axe
def test_the_grid_after_a_refused_save_shows_the_rule_as_on_screen(live_server, page, email_pro_draft):
    grid = reverse("admin:responsibilities_service_grid", args=[email_pro_draft.service_id])
    log_in(page, live_server, "alice", grid)
    expect(page.locator(".raci-grid-summary")).to_contain_text("Every activity follows the A/R rule")
    rows = page.locator("tr.raci-activity")
    rows.nth(0).locator(".raci-cell-input").nth(1).fill("A")  # a second A on the first activity
    rows.nth(1).locator(".raci-cell-input").nth(1).fill("X")  # and a wrong letter: the save is refused
    page.get_by_role("button", name="Save draft").click()

    summary = page.locator(".raci-grid-summary")
    expect(summary).to_contain_text("Not saved")
    expect(summary).not_to_contain_text("Every activity follows the A/R rule")
    expect(summary).to_contain_text("activity breaks the A/R rule")
    expect(page.locator("tr.raci-has-problem").first.locator(".raci-problem")).to_contain_text("Accountable")
    _no_violations(page, "grid after a refused save")

    # The warning's link brings the row into view below the sticky R/A/C/I bar, not under it.
    page.mouse.wheel(0, 3000)
    page.locator(".raci-problem-list a").first.click()
    page.wait_for_timeout(300)
    target = page.evaluate("location.hash")
    row_top = page.locator(f"tr{target}").bounding_box()["y"]
    bar = page.locator(".raci-toolbar").bounding_box()
    assert row_top >= bar["y"] + bar["height"] - 1, (row_top, bar)
    assert matrix_load(email_pro_draft).activities is not None  # nothing was saved:
    first_cells = next(activity for _, activity in matrix_load(email_pro_draft).activities()).cells
    assert "A" not in first_cells["OVHcloud"]


@needs_axe
def test_the_403_page_says_why_inside_the_admin_and_links_back(live_server, page, email_pro_draft):
    bob = account_manager("bob")
    mine = ServiceFactory(name="Web Hosting", slug="web-hosting")
    mine.editors.add(bob)
    url = reverse("admin:responsibilities_service_change", args=[email_pro_draft.service_id])
    log_in(page, live_server, "bob", url)

    expect(page.locator("#site-name")).to_be_visible()  # the admin's header
    expect(page.locator(".raci-forbidden .errornote")).to_have_text("You are not an editor of this service.")
    _no_violations(page, "403")
    page.get_by_role("link", name="The services you edit").click()
    expect(page.locator("#result_list")).to_contain_text("Web Hosting")


@needs_axe
def test_a_second_tab_is_offered_both_versions_and_keeps_its_edits(live_server, browser, email_pro_draft):
    context = browser.new_context()
    first, second = context.new_page(), context.new_page()
    grid = reverse("admin:responsibilities_service_grid", args=[email_pro_draft.service_id])
    log_in(first, live_server, "alice", grid)
    second.goto(live_server.url + grid)

    first.locator("tr.raci-activity").nth(0).locator(".raci-cell-input").nth(1).fill("C")
    first.get_by_role("button", name="Save draft").click()
    expect(first.locator(".messagelist")).to_contain_text("Draft saved: 1 letter cell changed")

    second.locator("tr.raci-activity").nth(1).locator(".raci-text-input").fill("Configure the domain name, clarified")
    second.get_by_role("button", name="Save draft").click()
    conflict = second.locator(".raci-conflict")
    expect(conflict).to_contain_text("Someone else saved this draft after you opened it")
    expect(conflict.locator(".raci-conflict-theirs")).to_contain_text("OVHcloud:")
    expect(conflict).to_contain_text("Configure the domain name, clarified")
    expect(second.locator("tr.raci-activity").nth(1).locator(".raci-text-input")).to_have_value(
        "Configure the domain name, clarified"
    )
    _no_violations(second, "two tabs")

    second.get_by_role("button", name="Save mine over theirs").click()
    expect(second.locator(".messagelist")).to_contain_text("Draft saved")
    texts = [activity.text for _, activity in matrix_load(email_pro_draft).activities()]
    assert "Configure the domain name, clarified" in texts
    context.close()


@needs_axe
def test_the_audit_list_reads_at_1366_px(live_server, page, alice, web_hosting, docs_dir):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, "alice", reverse("admin:responsibilities_service_change", args=[web_hosting.pk]))
    _import_and_publish(page, live_server, web_hosting, "Wording of 27 activities")
    page.click("input[name=confirm]")
    page.goto(live_server.url + reverse("admin:responsibilities_service_publish", args=[web_hosting.pk]))
    page.click("input[type=submit][value^='Publish version 2']")

    page.goto(live_server.url + reverse("admin:responsibilities_auditentry_changelist"))
    expect(page.locator("#result_list")).to_contain_text("reworded")
    narrow = page.evaluate(
        """() => {
            const canvas = document.createElement("canvas").getContext("2d");
            const out = [];
            for (const cell of document.querySelectorAll("#result_list th, #result_list td")) {
                const style = getComputedStyle(cell);
                canvas.font = style.font;
                const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                for (const word of cell.innerText.split(/\\s+/).filter(Boolean)) {
                    const width = canvas.measureText(word).width;
                    if (width > inner + 1) out.push([word, Math.round(width), Math.round(inner)]);
                }
            }
            return out;
        }"""
    )
    assert narrow == []
    what = page.locator("#result_list td.field-what_changed").first.bounding_box()["width"]
    assert what >= 280, what
    assert page.locator("#changelist .results").evaluate("div => div.scrollWidth - div.clientWidth") <= 0
    _no_violations(page, "audit list")
    page.screenshot(path=str(docs_dir / "admin-audit.png"), full_page=False)

    # The version list fits too: no right-hand column cut off, and a link to each diff.
    page.goto(live_server.url + reverse("admin:responsibilities_matrixversion_changelist"))
    results = page.locator("#changelist .results")
    assert results.evaluate("div => div.scrollWidth - div.clientWidth") <= 0
    expect(page.locator("#result_list")).to_contain_text("What changed from v1")
    _no_violations(page, "version list")


@needs_axe
def test_the_catalogue_offers_a_family_once_for_three_services(live_server, page):
    for name in ("Email Pro", "Hosted Exchange", "Web Hosting"):
        make_version(service=ServiceFactory(name=name, family="Web Cloud"), activities=2)
    make_version(service=ServiceFactory(name="Dedicated Servers", family="Bare Metal Cloud"), activities=2)
    for language in ("en", "fr"):
        context = page.context
        context.set_extra_http_headers({"Accept-Language": language})
        page.goto(live_server.url + "/")
        options = page.locator("select[name=family] option").all_inner_texts()
        assert options[1:] == ["Bare Metal Cloud", "Web Cloud"], (language, options)
        _no_violations(page, f"catalogue ({language})")
    page.locator("select[name=family]").select_option("Web Cloud")
    page.locator("form.filters [type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("Hosted Exchange")
    expect(page.locator("main")).not_to_contain_text("Dedicated Servers")
