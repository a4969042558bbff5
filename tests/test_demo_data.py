"""The demo data `make run` loads: real published pages, loaded idempotently, read in full."""

import html
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from responsibilities.models import MatrixVersion, Service

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EMAIL_PRO_PAGE = FIXTURES / "pages" / "email-pro" / "2022-11-17.md"


def _table_rows(markdown: str) -> list[tuple[str, str, str]]:
    """(activity, customer, provider) of every table row, read independently of the importer."""
    rows = []
    for line in markdown.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.lstrip().startswith("|") or len(cells) < 2 or set(cells[0]) <= {"-", " "}:
            continue
        if cells[0].strip("* ") in {"Activity", "Roles"} or cells[0].startswith(("R:", "A:", "C:", "I:")):
            continue
        cells += [""] * (3 - len(cells))
        letters = ["".join(sorted(c, key="RACI".index)) for c in cells[1:3]]
        rows.append((cells[0], *letters))
    return rows


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0, stdout=io.StringIO())


def test_load_demo_twice_changes_nothing(demo):
    counts = (Service.objects.count(), MatrixVersion.objects.count())
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    assert (Service.objects.count(), MatrixVersion.objects.count()) == counts
    assert counts[0] >= 4 and not MatrixVersion.objects.drafts().exists()


def test_catalogue_lists_the_demo_services(demo, client):
    body = client.get("/").content.decode()
    for name in ["Email Pro", "Hosted Exchange", "Dedicated Servers", "Web Hosting", "Public Cloud Instances"]:
        assert html.escape(name) in body


def test_email_pro_page_shows_every_activity_of_the_document_in_order_in_the_right_columns(demo, client):
    expected = _table_rows(EMAIL_PRO_PAGE.read_text(encoding="utf-8"))
    assert len(expected) == 48

    body = client.get("/services/email-pro/").content.decode()

    assert "Last updated 17 November 2022" in body
    shown = re.findall(
        r'<th scope="row" class="activity">(.*?)</th>\s*((?:<td class="letters">.*?</td>\s*){2})', body, re.S
    )
    rows = []
    for text, cells in shown:
        letters = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)]
        rows.append((html.unescape(re.sub(r"<br>\s*", " ", text)).strip(), *letters))
    assert rows == [(" ".join(text.split()), customer, provider) for text, customer, provider in expected]


def test_the_french_dedicated_servers_page_is_a_translation_not_a_service(demo, client):
    from responsibilities.translations.reading import matrix_in_language, version_languages

    assert not Service.objects.filter(slug="serveurs-dedies").exists()
    assert "Serveurs dédiés" not in client.get("/").content.decode()
    service = Service.objects.get(slug="dedicated-servers")
    first = service.versions.get(number=1)
    assert version_languages(first) == ["en-gb", "fr-fr"]
    assert version_languages(service.current_version) == ["en-gb"]  # French is behind: it translates v1
    french = matrix_in_language(first, "fr-fr")
    assert french.parties == ["Client", "OVHcloud"]
    assert "Installer l'OS" in [activity.text for _, activity in french.activities()]


def test_trusted_exchange_is_one_service_in_three_locales_with_the_source_letters(demo):
    from responsibilities.matrices import matrix_load
    from responsibilities.translations.reading import matrix_in_language, version_languages

    version = Service.objects.get(slug="trusted-exchange").current_version
    assert version.number == 1 and version.language == "en-gb"
    assert version_languages(version) == ["en-gb", "de-de", "fr-fr"]
    source = [tuple(a.cells.values()) for _, a in matrix_load(version).activities()]
    assert len(source) == 44
    for language in ("de-de", "fr-fr"):
        assert [tuple(a.cells.values()) for _, a in matrix_in_language(version, language).activities()] == source
    assert matrix_in_language(version, "fr-fr").title.startswith("Partage de responsabilité")


def test_load_demo_twice_adds_no_translation(demo):
    from responsibilities.models import Translation

    before = list(Translation.objects.values_list("pk", "revision"))
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    assert list(Translation.objects.values_list("pk", "revision")) == before and len(before) == 3
