"""Real-browser tests: Playwright driving Debian's Chromium against Django's live server.

Playwright's own browser download cannot work on our machines, so the system Chromium is
launched instead (`make test` installs it with apt-get when missing).
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
DOCS = Path(__file__).resolve().parents[2] / "docs"

# The live server runs in a thread of this process, and Playwright's sync API runs an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: `apt-get install chromium` (make test does it as root)")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def docs_dir(tmp_path):
    """Where the browser tests save their screenshots: docs/ with SAVE_SCREENSHOTS=1, else a temp dir.

    So an ordinary test run leaves the work tree clean; `make screenshots` refreshes docs/.
    """
    if os.environ.get("SAVE_SCREENSHOTS") == "1":
        DOCS.mkdir(exist_ok=True)
        return DOCS
    return tmp_path
