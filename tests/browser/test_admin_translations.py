"""The translation editor in a real browser: translate a version beside its source, publish, accessible."""

import json

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from responsibilities.models import MatrixVersion, Translation
from responsibilities.translations.reading import matrix_in_language
from tests.browser.admin_users import account_manager, log_in
from tests.browser.test_public_reading import AXE, axe_violations
from tests.email_pro import email_pro_matrix
from tests.factories import ServiceFactory, make_translation, make_version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def version():
    alice = account_manager("alice")
    service = ServiceFactory(name="Email Pro", slug="email-pro")
    service.editors.add(alice)
    return make_version(service=service, matrix=email_pro_matrix())


def _log_in(page, live_server, url):
    log_in(page, live_server, "alice", url)
    assert page.url.endswith(url)


def test_translate_a_version_beside_its_source_and_publish_it(live_server, page, version):
    _log_in(page, live_server, reverse("admin:responsibilities_matrixversion_change", args=[version.pk]))
    page.get_by_role("link", name="Translate this version…").click()
    page.get_by_label("Language").fill("fr-fr")
    page.get_by_role("button", name="Start the translation").click()

    first = version.activities.order_by("section_id", "order").first()
    row = page.locator("tr", has=page.locator(f"#src-activity-{first.pk}"))
    letters = dict(first.assignments.values_list("party__name", "letters"))
    shown = " · ".join(
        letters.get(name) or "—" for name in version.parties.order_by("order").values_list("name", flat=True)
    )
    expect(row.locator("td.letters")).to_have_text(shown)  # the source's letters, shown, not editable
    expect(row.locator("td.letters input")).to_have_count(0)
    page.get_by_label("Title: ", exact=False).first.fill("Responsabilités partagées")
    page.locator(f"textarea[name='activity-{first.pk}']").fill("Définir le nom de domaine")
    page.get_by_role("button", name="Save the translation").click()
    expect(page.get_by_text("The translation is saved.")).to_be_visible()
    page.get_by_role("button", name="Publish this translation").click()
    expect(page.get_by_text("Revision 1 of the fr-fr translation is published.")).to_be_visible()

    french = matrix_in_language(MatrixVersion.objects.get(pk=version.pk), "fr-fr")
    assert french.title == "Responsabilités partagées"
    assert any(activity.text == "Définir le nom de domaine" for _, activity in french.activities())
    assert Translation.objects.get().revision == 1


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is missing: `make axe` (make test runs it) installs it")
def test_translation_pages_have_no_serious_accessibility_violation(live_server, page, version):
    published = make_translation(version, "fr")
    make_version(service=version.service, activities=4, summary="Second")  # the translation is now behind
    urls = [
        reverse("admin:responsibilities_matrixversion_change", args=[version.pk]),
        reverse("admin:responsibilities_translation_start", args=[version.pk]),
        reverse("admin:responsibilities_translation_change", args=[published.pk]),
        reverse("admin:responsibilities_translation_changelist"),
    ]
    _log_in(page, live_server, urls[0])
    for url in urls:
        page.goto(live_server.url + url)
        violations = axe_violations(page)
        assert violations == [], f"{url}: {json.dumps(violations, indent=1)}"
