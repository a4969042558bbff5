"""Django's admin in a real browser under our Content-Security-Policy: nothing is blocked."""

import pytest
from django.contrib import admin

from responsibilities.models import Service
from tests.factories import ServiceFactory, UserFactory, make_version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_pages_load_their_styles_and_scripts_without_csp_violations(live_server, page, monkeypatch):
    UserFactory(username="root", password="secret-pass-123", is_staff=True, is_superuser=True)
    version = make_version(service=ServiceFactory(name="Email Pro", slug="email-pro"), activities=3)
    # Without an action bar the change list carries Django's nonced inline <style>.
    model_admin = admin.site.get_model_admin(Service)
    monkeypatch.setattr(model_admin, "actions_on_top", False)
    monkeypatch.setattr(model_admin, "actions_on_bottom", False)
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "secret-pass-123")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    for path in ["/admin/responsibilities/service/", f"/admin/responsibilities/service/{version.service.pk}/change/"]:
        page.goto(f"{live_server.url}{path}")
        assert page.locator("#content h1").count() == 1
        # admin/css/base.css applied: the header has the admin's dark background.
        assert page.eval_on_selector("#header", "el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"
    # The nonced inline rule applied (the first column keeps its natural width).
    page.goto(f"{live_server.url}/admin/responsibilities/service/")
    assert page.eval_on_selector("style[nonce]", "el => el.sheet !== null")
    # The change form's JavaScript ran (the filter_horizontal widget is built by SelectFilter2.js).
    page.goto(f"{live_server.url}/admin/responsibilities/service/{version.service.pk}/change/")
    assert page.locator(".selector").count() >= 1
    assert violations == []
