"""Hostile inputs at full size: time and peak memory of each, in a process of its own.

The suite checks the same inputs at a small size (tests/…/test_hostile_*.py); this script
measures what the full-size ones cost a real ``manage.py`` process, so a release can be
compared with another (``--tree`` points at another checkout, e.g. one of main before a change):

    python -m bench.hostile [--tree PATH] [--only NAME ...] [--timeout S] [--memory-cap GB]

Each case runs in a child process under a time limit and an address-space cap (``RLIMIT_AS``),
so a case that would exhaust the machine is stopped and reported as such. Peak memory is the
child's ``ru_maxrss`` (``os.wait4``). The machine may be shared: times are noisy.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDE_PARTIES, WIDE_ROWS = 5_000, 200

_XML = '<?xml version="1.0" encoding="UTF-8"?>'
_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XLSX_PARTS = {
    "[Content_Types].xml": (
        f'{_XML}<Types xmlns="{_PKG}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_SML}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SML}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SML}.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'{_XML}<Relationships xmlns="{_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        f'{_XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{_DOC}">'
        '<sheets><sheet name="Matrix" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'{_XML}<Relationships xmlns="{_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_DOC}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ),
}
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<sheetData>"
)
SHEET_TAIL = "</sheetData></worksheet>"
ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
ODS_MANIFEST = (
    f'{_XML}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)
HEADER = ("Section", "Section title", "Activity", "Customer", "OVHcloud")


def _chunks(total: int, piece: str = "a" * (1 << 20)):
    while total > 0:
        yield piece[: min(total, len(piece))]
        total -= len(piece)


def _xlsx_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def xlsx(path: Path, sheet_rows, shared: tuple = ()) -> None:
    """A minimal XLSX whose sheet XML is streamed from ``sheet_rows`` (strings), and shared strings."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in XLSX_PARTS.items():
            archive.writestr(name, body)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
            out.write(
                b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            for string in shared:
                out.write(b"<si><t>")
                for chunk in string:
                    out.write(chunk.encode())
                out.write(b"</t></si>")
            out.write(b"</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(SHEET_HEAD.encode())
            for row in sheet_rows:
                out.write(row.encode())
            out.write(SHEET_TAIL.encode())


def _xlsx_header() -> str:
    return '<row r="1">' + "".join(_xlsx_cell(f"{'ABCDE'[i]}1", name) for i, name in enumerate(HEADER)) + "</row>"


def ods(path: Path, rows) -> None:
    """A minimal ODS (mimetype, manifest, content.xml streamed from ``rows`` of cell texts)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        with archive.open("content.xml", "w", force_zip64=True) as out:
            out.write(f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS}>'.encode())
            out.write(b'<office:body><office:spreadsheet><table:table table:name="Matrix">')
            for cells in rows:
                out.write(b"<table:table-row>")
                for cell in cells:
                    out.write(b'<table:table-cell office:value-type="string"><text:p>')
                    for chunk in [cell] if isinstance(cell, str) else cell:
                        out.write(chunk.encode())
                    out.write(b"</text:p></table:table-cell>")
                out.write(b"</table:table-row>")
            out.write(b"</table:table></office:spreadsheet></office:body></office:document-content>")


def make_files(folder: Path) -> dict[str, Path]:
    """Every hostile input of issue 14 (files and URLs), at the size the issue reports."""
    files = {}
    folder.mkdir(parents=True, exist_ok=True)
    wide = folder / "wide.csv"
    with wide.open("w", encoding="utf-8") as out:
        out.write("Section,Section title,Activity," + ",".join(f"P{i}" for i in range(WIDE_PARTIES)) + "\n")
        for row in range(WIDE_ROWS):
            cells = [""] * WIDE_PARTIES
            cells[row % WIDE_PARTIES] = "RA"
            for other in range(0, WIDE_PARTIES, 8):
                cells[other] = cells[other] or "I"
            out.write(f"1,Operations,Activity {row + 1}," + ",".join(cells) + "\n")
    files["wide.csv"] = wide

    gigabyte = 1 << 30
    files["bomb.xlsx"] = folder / "bomb.xlsx"
    data_row = (
        '<row r="2"><c r="A2" t="inlineStr"><is><t>1</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>S</t></is></c><c r="C2" t="s"><v>0</v></c></row>'
    )
    xlsx(files["bomb.xlsx"], [_xlsx_header(), data_row], shared=(_chunks(gigabyte),))
    files["rows.xlsx"] = folder / "rows.xlsx"
    # Rows without their optional "r" numbers are all alike: a million compress to a few hundred KB.
    row = "<row>" + "".join(f'<c t="inlineStr"><is><t>{text}</t></is></c>' for text in ("1", "S", "do", "RA", "I"))
    xlsx(files["rows.xlsx"], (_xlsx_header(), *(row + "</row>" for _ in range(1_000_001))))
    files["bomb.ods"] = folder / "bomb.ods"
    ods(files["bomb.ods"], [HEADER, ("1", "S", _chunks(gigabyte), "RA", "I")])
    files["rows.ods"] = folder / "rows.ods"
    ods(files["rows.ods"], (HEADER, *(("1", "S", "do", "RA", "I") for _ in range(1_000_001))))

    def nested_json(depth: int) -> str:
        section = (
            '{"title": "deepest", "activities": [{"text": "do", "assignments": {"Customer": "RA"}}], "children": []}'
        )
        for level in range(depth - 1):
            section = f'{{"title": "level {depth - 1 - level}", "children": [{section}]}}'
        return f'{{"parties": ["Customer", "OVHcloud"], "sections": [{section}]}}'

    for name, text in {
        "deep-1100.json": nested_json(1_100),
        "brackets-100000.json": "[" * 100_000,
    }.items():
        (folder / name).write_text(text)
        files[name] = folder / name
    for depth in (1_100, 900):
        path = folder / f"deep-{depth}.csv"
        lines = ["Section,Section title,Activity,Customer,OVHcloud"]
        lines += [f"{'.'.join(['1'] * level)},Level {level},,," for level in range(1, depth + 1)]
        lines.append(f"{'.'.join(['1'] * depth)},,do,RA,I")
        path.write_text("\n".join(lines) + "\n")
        files[path.name] = path

    page = "---\nupdated: 2022-11-17\n---\n\n{body}\n\n### 1. Operations\n\n"
    page += "| Activity | Customer |\n| --- | --- |\n{row}\n"
    for name, body, row in (
        ("heading-spaces.md", "# a" + " " * 20_000 + "b", "| do | RA |"),
        ("last-updated.md", "Last updated a" + "!" * 20_000 + "b", "| do | RA |"),
        ("cell-brackets.md", "", "| " + "[" * 20_000 + " | RA |"),
    ):
        (folder / name).write_text(page.format(body=body, row=row))
        files[name] = folder / name

    fifo = folder / "fifo.csv"
    if not fifo.exists():
        os.mkfifo(fifo)
    files["fifo.csv"] = fifo
    named = folder / "bad-name"
    named.mkdir(exist_ok=True)
    (named / os.fsdecode(b"caf\xe9.csv")).write_text("Section,Section title,Activity,Customer\n1,A,do,RA\n")
    files["bad-name"] = named
    linked = folder / "linked"
    linked.mkdir(exist_ok=True)
    (linked / "matrix.csv").write_text("Section,Section title,Activity,Customer\n1,A,do,RA\n")
    if not (linked / "passwd.csv").is_symlink():
        (linked / "passwd.csv").symlink_to("/etc/passwd")
    files["linked"] = linked
    return files


PUBLISH_WIDE = f"""
from django.db import transaction
from responsibilities.formats.matrix import Matrix, MatrixActivity, MatrixSection
from responsibilities.matrices import matrix_write
from responsibilities.models import MatrixVersion, Service
from responsibilities.services import version_publish
parties = [f"P{{i}}" for i in range({WIDE_PARTIES})]
rows = []
for row in range({WIDE_ROWS}):
    cells = {{p: "" for p in parties}}
    for other in range(0, len(parties), 8):
        cells[parties[other]] = "I"
    cells[parties[row % len(parties)]] = "RA"
    rows.append(MatrixActivity(text=f"Activity {{row + 1}}", cells=cells))
matrix = Matrix(parties=parties, sections=[MatrixSection(title="Operations", activities=rows)], title="Wide")
with transaction.atomic():
    service = Service.objects.create(name="Wide", slug="wide")
    draft = MatrixVersion.objects.create(service=service, title="Wide")
    matrix_write(version=draft, matrix=matrix)
version_publish(draft=draft, summary="wide")
print("published")
"""

GET = """
import time
from django.test import Client
client = Client(raise_request_exception=False)
for attempt in ("first", "second"):
    start = time.perf_counter()
    response = client.get({url!r})
    seconds = time.perf_counter() - start
    print(f"{{attempt}}: HTTP {{response.status_code}}, {{len(response.content)}} bytes, {{seconds:.2f}} s")
"""

#: A small published version to move things around (found 4 and 5).
PUBLISH_SMALL = """
from django.db import transaction
from responsibilities.formats.matrix import Matrix, MatrixActivity, MatrixSection
from responsibilities.matrices import matrix_write
from responsibilities.models import MatrixVersion, Service
from responsibilities.services import version_publish
def publish(slug, rows):
    cells = {"Customer": "RA", "OVHcloud": "I"}
    activities = [MatrixActivity(text=f"Activity {n}", cells=dict(cells)) for n in range(rows)]
    matrix = Matrix(parties=["Customer", "OVHcloud"], title=slug,
                    sections=[MatrixSection(title="Operations", activities=activities)])
    with transaction.atomic():
        service = Service.objects.create(name=slug.title(), slug=slug)
        draft = MatrixVersion.objects.create(service=service, title=slug)
        matrix_write(version=draft, matrix=matrix)
    return version_publish(draft=draft, summary="first")
"""

RENAME = (
    PUBLISH_SMALL
    + """
import hashlib, json
from django.test import Client
from responsibilities.formats.json_format import canonical_json, read
version = publish("moving", 50)
client = Client(raise_request_exception=False)
before = client.get("/services/moving/versions/1.json").content
service = Service.objects.get(slug="moving")
service.name, service.slug = "Moving Renamed", "moved"
service.save()
old = client.get("/services/moving/versions/1.json")
after = client.get("/services/moved/versions/1.json").content
stated = json.loads(after)["fingerprint"]
content = hashlib.sha256(canonical_json(read(after))).hexdigest()
print(f"old permalink after the slug change: HTTP {old.status_code} {old.get('Location', '')}")
published = MatrixVersion.objects.get(pk=version.pk).fingerprint
print(f"1.json unchanged by the rename: {before == after}; its fingerprint is its content's: "
      f"{stated == content}, is the published one: {stated == published}")
"""
)

FLOOD = (
    PUBLISH_SMALL
    + """
import resource
from django.core.cache import cache
from django.test import Client
publish("flooded", 2000)
client = Client(raise_request_exception=False)
client.get("/services/flooded/")
start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
for n in range(300):
    client.get(f"/services/flooded/?poll={n}")
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
pages = len([key for key in cache._cache if ":raci:page" in key])
print(f"300 x ?poll=N: peak RSS {start:.0f} MB -> {peak:.0f} MB; pages in the cache: {pages}")
"""
)

CONFUSION = (
    PUBLISH_SMALL
    + """
from django.test import Client
publish("confused", 20)
client = Client(raise_request_exception=False)
first = client.get("/services/confused/versions/0001/?z=77")
current = client.get("/services/confused/?z=77")
body = current.content.decode()
print(f"/versions/0001/?z=77: HTTP {first.status_code} {first.get('Location', '')}")
print(f"/services/confused/?z=77 after it: cache {current.get('X-Page-Cache')}, "
      f"its filter form posts to the current page: {'action=\\"/services/confused/\\"' in body}")
"""
)

LOGIN = """
import time
from django.contrib.auth.models import User
from django.test import Client
User.objects.filter(username="target").delete()
User.objects.create_superuser("target", "t@example.com", "the-right-password-42")
client = Client(raise_request_exception=False)
start = time.perf_counter()
statuses = {}
for attempt in range(200):
    status = client.post("/admin/login/", {"username": "target", "password": f"wrong{attempt}"}).status_code
    statuses[status] = statuses.get(status, 0) + 1
right = client.post("/admin/login/", {"username": "target", "password": "the-right-password-42"})
print(f"200 wrong passwords in {time.perf_counter() - start:.1f} s, answers {statuses}; "
      f"then the right one: HTTP {right.status_code} ({'logged in' if right.status_code == 302 else 'refused'})")
"""

ADMIN_PREVIEW = """
import time
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from responsibilities.models import Service
user = User.objects.filter(username="hostile").first() or User.objects.create_superuser("hostile", "h@example.com", "x")
service = Service.objects.get_or_create(slug="preview", defaults={{"name": "Preview"}})[0]
client = Client(raise_request_exception=False)
client.force_login(user)
with open({path!r}, "rb") as handle:
    upload = SimpleUploadedFile({name!r}, handle.read())
start = time.perf_counter()
response = client.post(f"/admin/responsibilities/service/{{service.pk}}/import/", {{"file": upload}})
print(f"admin preview: HTTP {{response.status_code}}, {{time.perf_counter() - start:.2f}} s")
"""


def cases(files: dict[str, Path]) -> list[tuple[str, list[str]]]:
    shell = ["manage.py", "shell", "-c"]
    dry = ["manage.py", "import_raci", "--dry-run", "--service", "hostile"]
    found = [
        ("1 import wide.csv (5,000 parties x 200 rows)", [*dry, str(files["wide.csv"])]),
        ("1 publish a 5,000 x 200 version (setup)", [*shell, PUBLISH_WIDE]),
    ]
    for fmt in ("xlsx", "ods", "csv", "json", "md"):
        found.append((f"1 download wide .{fmt}", [*shell, GET.format(url=f"/services/wide/versions/1.{fmt}")]))
    found += [
        ("2 import bomb.xlsx (1 GB string)", [*dry, str(files["bomb.xlsx"])]),
        ("2 import rows.xlsx (1,000,001 rows)", [*dry, str(files["rows.xlsx"])]),
        ("2 import bomb.ods (1 GB string)", [*dry, str(files["bomb.ods"])]),
        ("2 import rows.ods (1,000,001 rows)", [*dry, str(files["rows.ods"])]),
        (
            "6 GET /diff/1/99999999999999999999999/",
            [*shell, GET.format(url="/services/wide/diff/1/99999999999999999999999/")],
        ),
        ("6 import deep-1100.json", [*dry, str(files["deep-1100.json"])]),
        ("6 import brackets-100000.json", [*dry, str(files["brackets-100000.json"])]),
        ("6 import deep-1100.csv", [*dry, str(files["deep-1100.csv"])]),
        ("6 import deep-900.csv", [*dry, str(files["deep-900.csv"])]),
        (
            "6 admin preview deep-1100.json",
            [*shell, ADMIN_PREVIEW.format(path=str(files["deep-1100.json"]), name="deep.json")],
        ),
        ("6 admin preview bomb.xlsx", [*shell, ADMIN_PREVIEW.format(path=str(files["bomb.xlsx"]), name="bomb.xlsx")]),
        ("3 import heading-spaces.md (# a, 20 KB of spaces, b)", [*dry, str(files["heading-spaces.md"])]),
        ("3 import last-updated.md (Last updated a!!!…b, 20 KB)", [*dry, str(files["last-updated.md"])]),
        ("3 import cell-brackets.md (a cell of 20 KB of [)", [*dry, str(files["cell-brackets.md"])]),
        ("4 rename a service and its slug: versions/1.json, fingerprint, old permalink", [*shell, RENAME]),
        ("5 300 GETs of the current page (2,000 activities) with ?poll=N", [*shell, FLOOD]),
        ("5 /services/x/?z=77 after /versions/0001/?z=77", [*shell, CONFUSION]),
        ("8 200 wrong admin passwords, then the right one", [*shell, LOGIN]),
        ("7 import /dev/zero", [*dry, "/dev/zero"]),
        ("7 import a FIFO", [*dry, str(files["fifo.csv"])]),
        ("7 import a folder with a non-UTF-8 file name", [*dry, str(files["bad-name"])]),
        ("7 import a folder with a symlink to /etc/passwd", [*dry, str(files["linked"])]),
    ]
    return found


def run(argv: list[str], *, cwd: Path, env: dict, timeout: float, memory_cap: int) -> dict:
    """Run one case; its wall time, peak RSS, exit status and the last lines it printed."""

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (memory_cap, memory_cap))

    out = tempfile.TemporaryFile()
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, *argv], cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, preexec_fn=limit
    )
    status, usage, killed = None, None, False
    while status is None:
        pid, raw, rusage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            status, usage = raw, rusage
            break
        if time.perf_counter() - start > timeout:
            child.send_signal(signal.SIGKILL)
            killed = True
            _, status, usage = os.wait4(child.pid, 0)
            break
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    lines = [line for line in out.read().decode("utf-8", "backslashreplace").splitlines() if line.strip()]
    return {
        "seconds": seconds,
        "peak_mb": usage.ru_maxrss / 1024,
        "exit": "killed (time limit)" if killed else child.returncode,
        "tail": lines[-3:],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout to measure (default: this one)")
    parser.add_argument("--only", nargs="*", default=[], help="run the cases whose name contains one of these")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before a case is stopped")
    parser.add_argument("--memory-cap", type=float, default=4.0, help="address-space cap per case, GiB")
    options = parser.parse_args()
    tree = options.tree.resolve()
    with tempfile.TemporaryDirectory(prefix="raci-hostile-") as tmp:
        workdir = Path(tmp)
        env = {
            **os.environ,
            # The tree first; the caller's own PYTHONPATH after it (e.g. libraries an older tree needs).
            "PYTHONPATH": os.pathsep.join(filter(None, (str(tree), os.environ.get("PYTHONPATH")))),
            "DJANGO_SETTINGS_MODULE": "raci_project.settings",
            "SECRET_KEY": "hostile-inputs-measure-only-0123456789abcdefghijklmnopqrstuvwxyz",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "testserver,127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"sqlite:///{workdir / 'hostile.sqlite3'}",
            "CACHE_URL": "",
            "REDIS_URL": "",
            "LOG_LEVEL": "CRITICAL",
        }
        env["STATIC_ROOT"] = str(workdir / "static")  # the admin's pages need the hashed static files
        for command in (["migrate"], ["collectstatic", "--noinput"]):
            subprocess.run([sys.executable, "manage.py", *command, "-v", "0"], cwd=tree, env=env, check=True)
        files = make_files(workdir / "files")
        print(f"tree: {tree}; time limit {options.timeout:.0f} s, memory cap {options.memory_cap:g} GiB per case")
        for name, argv in cases(files):
            if options.only and not any(part in name for part in options.only):
                continue
            result = run(argv, cwd=tree, env=env, timeout=options.timeout, memory_cap=int(options.memory_cap * 2**30))
            print(f"\n## {name}\n   {result['seconds']:.2f} s, peak {result['peak_mb']:.0f} MB, exit {result['exit']}")
            for line in result["tail"]:
                print(f"   | {line[:220]}")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
