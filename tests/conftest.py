import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (pages of published versions are cached)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
