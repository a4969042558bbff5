"""Commands pay for what they use: import_raci, run as a user runs it, loads no public view, no
admin, and no spreadsheet library for a file that is not a spreadsheet (``python -X importtime``)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
#: What a CSV import never needs: the public views and URL patterns (system checks), the
#: django-import-export admin and its every-format list, spreadsheet libraries, numpy.
NEVER_FOR_CSV = (
    "responsibilities.urls",
    "responsibilities.views.diff",
    "responsibilities.views.version",
    "import_export.admin",
    "import_export.formats.base_formats",
    "openpyxl",
    "odf",
    "numpy",
)


def imported_modules(*args: str, tmp_path: Path) -> tuple[set[str], subprocess.CompletedProcess]:
    """The modules a ``manage.py`` run imports, from ``-X importtime``."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "raci_project.settings",
        "DEBUG": "1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    done = subprocess.run(  # noqa: S603 - our own manage.py with a fixed argument list
        [sys.executable, "-X", "importtime", str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    modules = {match.group(1) for match in re.finditer(r"^import time:.*\|\s*(\S+)\s*$", done.stderr, re.MULTILINE)}
    return modules, done


@pytest.mark.parametrize("extra", [[], ["--dry-run"]])
def test_import_raci_of_a_csv_loads_no_view_admin_or_spreadsheet_library(tmp_path, extra):
    path = tmp_path / "matrix.csv"
    # Read in full before anything touches the database: a letter error stops it right there.
    path.write_text("Section,Section title,Activity,Customer,OVHcloud\n1,Setup,Create the account,RX,\n")

    modules, done = imported_modules("import_raci", str(path), "--service", "demo", *extra, tmp_path=tmp_path)

    assert done.returncode == 1 and "Nothing was imported" in done.stderr
    assert "responsibilities.formats.spreadsheet" in modules and "responsibilities.formats.csv_sheet" in modules
    assert sorted(name for name in NEVER_FOR_CSV if name in modules) == []


def test_import_raci_of_an_xlsx_loads_openpyxl_but_no_other_format(tmp_path):
    path = tmp_path / "matrix.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")

    modules, done = imported_modules("import_raci", str(path), "--service", "demo", tmp_path=tmp_path)

    assert done.returncode == 1 and "not a readable XLSX file" in done.stderr
    assert "openpyxl" in modules
    assert not {"odf", "responsibilities.urls", "import_export.formats.base_formats"} & modules
