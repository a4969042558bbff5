"""Rows of two published versions are matched once per pair, kept by their fingerprints."""

import pytest
from django.core.cache import cache

from bench import adversarial
from responsibilities.caching import matchings
from responsibilities.diff import matching, version_diff
from responsibilities.matrices import matrix_load
from tests.factories import ServiceFactory, make_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def reworded_pair():
    """Two published versions of 60 activities, every one reworded (no keys, as imported)."""
    old, new = adversarial.every_row_reworded(60)
    service = ServiceFactory(slug="reworded")
    first = make_version(service=service, matrix=old)
    second = make_version(service=service, matrix=new, summary="Every row reworded")
    return service, first, second


def _forbid_matching(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("rows matched again")

    monkeypatch.setattr("responsibilities.diff.compare.match_activities", refuse)


def test_publishing_keeps_the_matching_the_diff_page_then_shows(client, reworded_pair, monkeypatch):
    service, first, second = reworded_pair
    assert cache.get(matchings.matching_key(first.fingerprint, second.fingerprint))
    _forbid_matching(monkeypatch)

    response = client.get(f"/services/{service.slug}/diff/1/2/")

    assert response.status_code == 200
    assert response.context["summary"]["reworded"] == 60 == second.diff_summary["reworded"]


def test_any_other_pair_is_matched_on_its_first_request_only_whatever_the_query_string(
    client, reworded_pair, monkeypatch, settings
):
    settings.RACI_PAGE_VARIANTS_PER_VERSION = 0  # no page kept: each request renders the diff again
    service, first, second = reworded_pair
    assert client.get(f"/services/{service.slug}/diff/2/1/").context["summary"]["reworded"] == 60
    _forbid_matching(monkeypatch)

    for query in ("?a=1", "?b=2", "?lang=fr&x=%00"):
        response = client.get(f"/services/{service.slug}/diff/2/1/{query}")
        assert response["X-Page-Cache"] == "miss" and response.context["summary"]["reworded"] == 60


def test_what_is_served_from_the_kept_matching_is_the_diff_itself(reworded_pair):
    _, first, second = reworded_pair
    old, new = matrix_load(first), matrix_load(second)
    cache.clear()

    computed = matchings.published_diff(old, new, old_fingerprint=first.fingerprint, new_fingerprint=second.fingerprint)
    served = matchings.published_diff(old, new, old_fingerprint=first.fingerprint, new_fingerprint=second.fingerprint)

    assert served.summary() == computed.summary() == version_diff(old, new).summary()
    assert served.matching() == computed.matching()
    assert [change.words for change in served.changed] == [change.words for change in computed.changed]


@pytest.mark.parametrize("stored", [b"\x00\x01\x02", b"\xff" * 8, "not bytes"])
def test_a_kept_matching_that_does_not_fit_is_computed_again(reworded_pair, stored):
    _, first, second = reworded_pair
    key = matchings.matching_key(first.fingerprint, second.fingerprint)
    cache.set(key, stored)

    diff = matchings.published_diff(
        matrix_load(first), matrix_load(second), old_fingerprint=first.fingerprint, new_fingerprint=second.fingerprint
    )

    assert diff.summary()["reworded"] == 60
    assert cache.get(key) not in (stored, None)


def test_the_key_names_the_matching_rule(reworded_pair, monkeypatch):
    _, first, second = reworded_pair
    before = matchings.matching_key(first.fingerprint, second.fingerprint)
    monkeypatch.setattr(matching, "_rule_token", lambda: "another-rule")
    assert matchings.matching_key(first.fingerprint, second.fingerprint) != before


def test_a_stored_matching_that_repeats_a_row_is_refused():
    old, new = adversarial.every_row_reworded(3)
    with pytest.raises(ValueError, match="repeats"):
        version_diff(old, new, matching=[(0, 0), (0, 1)])
    with pytest.raises(ValueError, match="past the rows"):
        version_diff(old, new, matching=[(0, 5)])
