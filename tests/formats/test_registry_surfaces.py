"""Adding a format is one module plus one registry entry: every surface picks it up.

A made-up "tsv" format is registered for the test, and walked through the public download and
its link, export_raci and import_raci (choices, help, folders), and the admin's import and
export forms.
"""

import io

import pytest
from django.core.management import call_command, load_command_class

from responsibilities.admin.transfer import ExportForm, ImportForm
from responsibilities.formats import FORMATS, Format, read_file, spreadsheet
from responsibilities.models import MatrixVersion
from tests.factories import ServiceFactory, make_version

pytestmark = pytest.mark.django_db


def _read(data, *, filename=""):
    return spreadsheet.read(data.replace(b"\t", b","), filename=filename, fmt="csv")


def _write(matrix):
    return spreadsheet.write(matrix, fmt="csv").replace(b",", b"\t")


@pytest.fixture
def tsv(monkeypatch):
    entry = Format("tsv", "Tab-separated (TSV)", "text/tab-separated-values", _read, _write)
    monkeypatch.setitem(FORMATS, "tsv", entry)
    return entry


def _help(command: str) -> str:
    return load_command_class("responsibilities", command).create_parser("manage.py", command).format_help()


def test_a_new_format_is_downloadable_and_linked_from_the_version_page(client, tsv):
    version = make_version(service=ServiceFactory(slug="email-pro"), activities=4)

    download = client.get("/services/email-pro/versions/1.tsv")
    page = client.get("/services/email-pro/").content.decode()

    assert download.status_code == 200 and download["Content-Type"] == "text/tab-separated-values"
    assert download["Content-Disposition"] == 'attachment; filename="email-pro-v1.tsv"'
    assert read_file(download.content, filename="x.tsv").activity_count() == version.activities.count()
    assert '<a href="/services/email-pro/versions/1.tsv" download>Tab-separated (TSV)</a>' in page


def test_the_commands_offer_it_and_read_and_write_it(tsv, tmp_path):
    make_version(service=ServiceFactory(slug="email-pro"), activities=4)
    out = io.StringIO()

    call_command("export_raci", "email-pro", format="tsv", output=str(tmp_path / "pages" / "v1.tsv"), stdout=out)
    call_command("import_raci", str(tmp_path / "pages"), service="copy", publish=True, stdout=out)

    assert "xlsx, csv, ods, json, md or tsv" in _help("export_raci")
    assert "xlsx, csv, ods, json, md or tsv" in _help("import_raci")
    assert MatrixVersion.objects.published().get(service__slug="copy").activities.count() == 4


def test_the_admin_forms_offer_it(tsv):
    service = make_version(activities=2).service
    import_form, export_form = ImportForm(), ExportForm(service=service)

    assert ("tsv", "Tab-separated (TSV)") in import_form.fields["fmt"].choices
    assert import_form.fields["file"].help_text.endswith("Markdown or Tab-separated (TSV)")
    assert ("tsv", "Tab-separated (TSV)") in export_form.fields["fmt"].choices


def test_without_it_nothing_offers_it(client):
    make_version(service=ServiceFactory(slug="email-pro"), activities=2)

    assert client.get("/services/email-pro/versions/1.tsv").status_code == 404
    assert "tsv" not in _help("export_raci") and ".tsv" not in client.get("/services/email-pro/").content.decode()
