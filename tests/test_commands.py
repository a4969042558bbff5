"""import_raci and export_raci: files and folders in, versions out, with clear errors and nothing half-written."""

import io
import json
import shutil
from datetime import date

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from responsibilities.formats import read_file
from responsibilities.models import Activity, MatrixVersion, Service
from tests.factories import ServiceFactory, make_version
from tests.formats.helpers import CORPUS

pytestmark = pytest.mark.django_db


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def pages(tmp_path, service: str, locale: str = "en-gb"):
    folder = tmp_path / service
    shutil.copytree(CORPUS / service / locale, folder)
    return folder


def test_import_folder_publishes_pages_oldest_first_with_their_own_dates(tmp_path):
    folder = pages(tmp_path, "dedicated-servers")

    output = run("import_raci", str(folder), "--service", "dedicated-servers", "--publish")

    service = Service.objects.get(slug="dedicated-servers")
    versions = list(service.versions.order_by("number").values_list("number", "last_updated", "source"))
    assert versions == [(1, date(2021, 12, 1), "2021-12-01.md"), (2, date(2024, 2, 29), "2024-02-29.md")]
    assert service.current_version.number == 2
    assert service.name == "RACI Dedicated servers"  # from the title, as no name was given
    assert "Summary: 2 file(s), 2 version(s) published, 0 skipped as identical, 102 rows" in output


def test_import_folder_skips_a_page_identical_to_the_version_before_it(tmp_path):
    folder = pages(tmp_path, "email-pro")

    output = run("import_raci", str(folder), "--service", "email-pro", "--publish")

    assert MatrixVersion.objects.published().filter(service__slug="email-pro").count() == 1
    assert "2022-11-17-2.md: identical to 2022-11-17.md, imported just before it, skipped" in output
    assert "2 skipped as identical" in output


def test_import_again_changes_nothing(tmp_path):
    folder = pages(tmp_path, "dedicated-servers")
    run("import_raci", str(folder), "--service", "ds", "--publish")

    output = run("import_raci", str(folder), "--service", "ds", "--publish")

    assert MatrixVersion.objects.filter(service__slug="ds").count() == 2
    assert "0 version(s) published, 2 skipped as identical" in output


def test_import_publish_prints_one_warning_per_row_breaking_the_a_r_rule(tmp_path):
    folder = pages(tmp_path, "dedicated-servers")

    output = run("import_raci", str(folder / "2021-12-01.md"), "--service", "ds", "--publish")

    warnings = [line for line in output.splitlines() if "A/R override recorded" in line]
    version = MatrixVersion.objects.get(service__slug="ds")
    assert len(warnings) == len(version.ar_override_rows) > 0
    assert any("Handle hardware and network incidents" in line for line in warnings)


def test_import_reports_what_was_normalised(tmp_path):
    folder = pages(tmp_path, "email-pro")

    output = run("import_raci", str(folder / "2022-11-17.md"), "--service", "email-pro")

    assert "2 cells written in another order or spelling were normalised (IR → RI)" in output
    assert MatrixVersion.objects.drafts().filter(service__slug="email-pro").exists()


def test_dry_run_writes_nothing(tmp_path):
    folder = pages(tmp_path, "hosted-exchange")

    output = run("import_raci", str(folder), "--dry-run", "--publish")

    assert Service.objects.count() == 0 and MatrixVersion.objects.count() == 0
    assert "Dry run: nothing was written." in output


def test_dry_run_of_a_folder_rehearses_the_whole_publication(tmp_path):
    folder = pages(tmp_path, "email-pro")

    output = run("import_raci", str(folder), "--service", "email-pro", "--dry-run", "--publish")

    assert "would publish email-pro v1 (48 rows, last updated 2022-11-17)" in output
    assert "2022-11-17-2.md: identical to 2022-11-17.md, imported just before it, skipped" in output
    assert "1 version(s) to publish, 2 skipped as identical" in output
    assert Service.objects.count() == 0 and MatrixVersion.objects.count() == 0


def test_dry_run_of_successive_pages_compares_each_with_the_one_before(tmp_path):
    folder = pages(tmp_path, "dedicated-servers")

    output = run("import_raci", str(folder), "--service", "ds", "--dry-run", "--publish")

    assert "would publish ds v1" in output and "would publish ds v2" in output
    assert "would be published as written (A/R override recorded)" in output
    assert MatrixVersion.objects.count() == 0


def test_import_spreadsheet_into_the_draft_with_options(tmp_path):
    path = tmp_path / "email-pro.csv"
    path.write_text("Section,Section title,Activity,Customer,OVHcloud\n1,Before,Choose,RA,I\n", encoding="utf-8")

    run("import_raci", str(path), "--service", "email-pro", "--title", "Email Pro", "--last-updated", "2023-01-02")

    draft = MatrixVersion.objects.drafts().get(service__slug="email-pro")
    assert (draft.title, draft.last_updated) == ("Email Pro", date(2023, 1, 2))
    assert list(draft.activities.values_list("text", flat=True)) == ["Choose"]


def test_bad_file_names_file_row_and_column_and_leaves_the_database_unchanged(tmp_path):
    good = pages(tmp_path, "email-pro") / "2022-11-17.md"
    book = openpyxl.Workbook()
    book.active.append(["Section", "Section title", "Activity", "Customer", "OVHcloud"])
    book.active.append(["1", "Before", "Choose", "RA", "X"])
    bad = tmp_path / "email-pro.xlsx"
    book.save(bad)

    with pytest.raises(CommandError) as error:
        run("import_raci", str(good), str(bad), "--service", "email-pro", "--publish")

    assert f"{bad}, row 2, column “OVHcloud”: “X” is not a set of R/A/C/I letters" in str(error.value)
    assert Service.objects.count() == 0 and Activity.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("m.xlsx", b"Section,Section title,Activity\n", "this is not an XLSX file"),
        ("m.csv", b"", "the file is empty"),
        ("m.csv", b"Section,Activity,Customer\n", "column “Section title”: this column is missing"),
    ],
)
def test_bad_input_is_a_command_error_without_traceback(tmp_path, name, data, message):
    (tmp_path / name).write_bytes(data)

    with pytest.raises(CommandError, match=message):
        run("import_raci", str(tmp_path / name), "--service", "x")


def test_several_files_into_one_draft_need_publish_or_dry_run(tmp_path):
    with pytest.raises(CommandError, match="use --publish"):
        run("import_raci", str(pages(tmp_path, "email-pro")), "--service", "email-pro")


def test_export_writes_the_current_version_in_the_chosen_format(tmp_path):
    service = ServiceFactory(slug="email-pro")
    make_version(service=service, activities=5)
    make_version(service=service, activities=7)

    run("export_raci", "email-pro", "--format", "xlsx", "-o", str(tmp_path / "m.xlsx"))
    csv_text = run("export_raci", "email-pro", "1", "--format", "csv")

    assert read_file((tmp_path / "m.xlsx").read_bytes(), filename="m.xlsx").activity_count() == 7
    assert read_file(csv_text.encode(), filename="m.csv").activity_count() == 5


def test_export_names_a_missing_service_or_version():
    ServiceFactory(slug="email-pro")

    with pytest.raises(CommandError, match="email-pro has no published version yet"):
        run("export_raci", "email-pro", "--format", "json")
    with pytest.raises(CommandError, match="There is no service “nope”"):
        run("export_raci", "nope", "--format", "json")


def test_export_all_is_an_archive_that_import_restores(tmp_path):
    service = ServiceFactory(slug="email-pro", name="Email Pro")
    originals = [make_version(service=service, activities=n, summary=f"Version with {n}") for n in (3, 5, 4)]
    run("export_raci", "--all", "-o", str(tmp_path / "archive"))
    (tmp_path / "archive" / "email-pro").rename(tmp_path / "archive" / "restored")

    run("import_raci", str(tmp_path / "archive"), "--publish")

    restored = list(MatrixVersion.objects.published().filter(service__slug="restored").order_by("number"))
    assert [v.number for v in restored] == [1, 2, 3]
    assert [v.fingerprint for v in restored] == [v.fingerprint for v in originals]
    assert json.loads((tmp_path / "archive" / "restored" / "0002.json").read_text())["version"] == 2


def test_a_folder_of_pages_without_service_is_one_service_named_from_the_oldest_title(tmp_path):
    folder = pages(tmp_path, "dedicated-servers")

    run("import_raci", str(folder), "--publish")

    service = Service.objects.get()
    assert (service.slug, service.name) == ("raci-dedicated-servers", "RACI Dedicated servers")
    assert service.versions.count() == 2


def test_a_file_over_the_size_limit_is_refused_without_reading_it(tmp_path, settings):
    settings.RACI_MAX_IMPORT_BYTES = 1024
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 4096)

    with pytest.raises(CommandError, match=r"big.csv: the file is 4 KB, over the 1 KB limit for imports"):
        run("import_raci", str(path), "--service", "x")
    assert not Service.objects.exists()


def test_bad_input_exits_non_zero_with_a_message_and_no_traceback(tmp_path):
    import os
    import subprocess
    import sys

    from django.conf import settings

    bad = tmp_path / "bad.csv"
    bad.write_text("Section,Section title,Activity,Customer\n1,One,Do,XYZ\n", encoding="utf-8")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}

    result = subprocess.run(  # noqa: S603 - our own manage.py with a fixed argument list
        [sys.executable, "manage.py", "import_raci", str(bad), "--service", "x"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert f"{bad}, row 2, column “Customer”: “XYZ” is not a set of R/A/C/I letters" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_nested_deeper_than_the_grid_shows_is_a_command_error(tmp_path):
    from tests.formats.test_hostile_files import nested_csv

    path = tmp_path / "deep.csv"
    path.write_bytes(nested_csv(1_100))

    with pytest.raises(
        CommandError, match=r"deep.csv, row 8, column “Section”: section 1\.1\.1\.1\.1\.1\.1\. is nested"
    ):
        call_command("import_raci", str(path), "--service", "deep", "--dry-run", stdout=io.StringIO())
    assert not Service.objects.filter(slug="deep").exists()


# --- Paths that are not plain files -------------------------------------------------------------


def import_error(*paths) -> str:
    with pytest.raises(CommandError) as error:
        call_command("import_raci", *map(str, paths), "--dry-run", "--service", "odd", stdout=io.StringIO())
    assert not Service.objects.filter(slug="odd").exists()
    return str(error.value)


CSV = "Section,Section title,Activity,Customer\n1,A,do,RA\n"


def test_dev_zero_is_refused_as_a_device_without_being_read():
    assert import_error("/dev/zero") == (
        "Nothing was imported:\n/dev/zero: this is a device, not a file; only regular files are imported"
    )


def test_a_fifo_is_refused_at_once_instead_of_waiting_for_a_writer(tmp_path):
    import os
    import threading

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(import_error(fifo)), daemon=True)
    worker.start()
    worker.join(timeout=20)
    if worker.is_alive():  # unblock the reader so the test run can end, then fail
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(timeout=5)
        pytest.fail("import_raci blocked on a FIFO")

    assert outcome == [f"Nothing was imported:\n{fifo}: this is a FIFO, not a file; only regular files are imported"]


def test_a_file_declaring_a_size_of_zero_is_read_no_further_than_the_limit(tmp_path, settings, monkeypatch):
    import os

    settings.RACI_MAX_IMPORT_BYTES = 1_000
    path = tmp_path / "growing.csv"
    path.write_text(CSV + "1,A,more,RA\n" * 200)
    real_fstat = os.fstat

    def declares_zero(descriptor):  # what /proc files and devices declare
        return os.stat_result((*real_fstat(descriptor)[:6], 0, *real_fstat(descriptor)[7:]))

    monkeypatch.setattr("responsibilities.limits.os.fstat", declares_zero)

    assert import_error(path) == (
        f"Nothing was imported:\n{path}: "
        "the file is larger than the 1000 bytes limit for imports (reading stopped there)"
    )


def test_a_file_name_that_is_not_utf8_is_reported_with_its_bytes_escaped(tmp_path):
    import os

    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.csv")).write_text(CSV)

    message = import_error(folder)

    assert f"{folder}/caf\\xe9.csv: the file's name or folder is not valid UTF-8" in message


def test_a_symlink_out_of_an_imported_folder_is_not_followed(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "matrix.csv").write_text(CSV)
    (folder / "passwd.csv").symlink_to("/etc/passwd")

    message = import_error(folder)

    assert message == (
        f"Nothing was imported:\n{folder}/passwd.csv: a symbolic link to /etc/passwd, outside {folder}; "
        "links out of an imported folder are not followed"
    )


def test_a_symlink_to_a_file_inside_the_folder_is_imported(tmp_path):
    folder = tmp_path / "pages"
    (folder / "real").mkdir(parents=True)
    (folder / "real" / "matrix.csv").write_text(CSV)
    (folder / "link.csv").symlink_to(folder / "real" / "matrix.csv")

    out = run("import_raci", str(folder / "link.csv"), "--service", "linked", "--dry-run")

    assert "would replace the draft of linked" in out
