"""The Redis server the tests may use: ``RACI_TEST_REDIS_URL`` (default database 13 on localhost).

Give each concurrent test run its own database number (e.g. ``redis://127.0.0.1:6379/12``):
some tests flush theirs.
"""

import os
from urllib.parse import urlsplit

import pytest

from bench.build import redis_answers

TEST_REDIS_URL = os.environ.get("RACI_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
_where = urlsplit(TEST_REDIS_URL)

#: Skip a test when no Redis answers at TEST_REDIS_URL (.ci/run starts one, so CI runs them).
needs_redis = pytest.mark.skipif(
    not redis_answers(_where.hostname or "127.0.0.1", _where.port or 6379), reason=f"no Redis at {TEST_REDIS_URL}"
)
