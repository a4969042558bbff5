import pytest


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request through LocaleMiddleware leaves its
    language active in the thread, which would make later tests depend on the order they run in."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (pages of published versions are cached)."""
    from django.core.cache import cache

    from responsibilities.caching.store import pages_in_memory

    cache.clear()
    pages_in_memory.clear()
    yield
    cache.clear()
    pages_in_memory.clear()


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    """Compile the .po files when their .mo is missing or older (`make test` already does it)."""
    from pathlib import Path

    from django.conf import settings
    from django.core.management import call_command

    stale = [
        po
        for folder in settings.LOCALE_PATHS
        for po in Path(folder).glob("*/LC_MESSAGES/*.po")
        if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        call_command(
            "compilemessages",
            locale=[po.parts[-3] for po in stale],
            ignore_patterns=[".venv", "node_modules"],
            verbosity=0,
        )
