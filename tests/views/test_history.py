"""History, "as of" and diff pages."""

import pytest

from tests.history_helpers import three_versions

pytestmark = pytest.mark.django_db


@pytest.fixture
def history():
    return three_versions()


def body(response):
    return response.content.decode()


# --- History ------------------------------------------------------------------------------


def test_history_lists_every_published_version_newest_first_with_dates_summaries_and_counts(client, history):
    service, versions, _ = history
    response = client.get(f"/services/{service.slug}/versions/")
    assert response.status_code == 200
    html = body(response)
    positions = [html.index(f'id="v{n}"') for n in (3, 2, 1)]
    assert positions == sorted(positions)
    for text in ("1 March 2023", "29 February 2024", "Reworded the first row", "The customer now runs activity 2"):
        assert text in html
    assert "1 activity reworded" in html
    assert "2 responsibility shifts to the customer" in html
    assert "First published version" in html
    assert 'href="/services/email-pro/diff/2/3/"' in html and 'href="/services/email-pro/diff/1/2/"' in html
    assert 'href="/services/email-pro/diff/0/1/"' not in html
    assert 'href="/services/email-pro/feed/"' in html


def test_history_of_an_unknown_or_unpublished_service_is_404(client):
    from tests.factories import ServiceFactory, make_version

    service = ServiceFactory()
    make_version(service=service, published=False)
    assert client.get(f"/services/{service.slug}/versions/").status_code == 404
    assert client.get("/services/nope/versions/").status_code == 404


@pytest.mark.parametrize("size", [10, 300])
def test_history_query_count_is_constant(client, django_assert_max_num_queries, size):
    service, _, _ = three_versions(activities=size)
    # The service, its versions, their translations (the languages of each version).
    with django_assert_max_num_queries(3):
        assert client.get(f"/services/{service.slug}/versions/").status_code == 200


# --- Permalink banner and links ------------------------------------------------------------


def test_a_superseded_version_says_so_and_links_to_the_current_page(client, history):
    service, _, _ = history
    html = body(client.get(f"/services/{service.slug}/versions/1/"))
    assert "Version 1 of 3, superseded on 1 March 2023." in html
    assert '<a href="/services/email-pro/">See the current version</a>' in html
    assert 'href="/services/email-pro/diff/1/current/"' in html
    assert '<link rel="canonical" href="/services/email-pro/versions/1/">' in html


def test_the_current_version_has_no_banner_but_links_to_history_diff_and_feed(client, history):
    service, _, _ = history
    for url in (f"/services/{service.slug}/", f"/services/{service.slug}/versions/3/"):
        html = body(client.get(url))
        assert "superseded" not in html
        assert 'href="/services/email-pro/versions/"' in html
        assert 'href="/services/email-pro/diff/2/3/"' in html
        assert '<link rel="alternate" type="application/atom+xml" href="/services/email-pro/feed/"' in html


# --- As of a date ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "number"),
    [("2022-11-17", 1), ("2023-02-28", 1), ("2023-03-01", 2), ("2024-02-28", 2), ("2024-02-29", 3), ("2030-01-01", 3)],
)
def test_as_of_shows_the_version_in_force_on_that_date(client, history, day, number):
    service, _, _ = history
    response = client.get(f"/services/{service.slug}/as-of/{day}/")
    assert response.status_code == 200
    html = body(response)
    assert "in force on" in html and f"version {number}." in html
    assert f'<link rel="canonical" href="/services/email-pro/versions/{number}/">' in html
    assert "SECRET DRAFT WORDING" not in html


def test_as_of_before_the_first_version_is_a_clear_404(client, history):
    service, _, _ = history
    response = client.get(f"/services/{service.slug}/as-of/2022-11-16/")
    assert response.status_code == 404
    assert "No version of Email Pro was in force on 16 November 2022" in body(response)
    assert "the first version dates from 17 November 2022" in body(response)


@pytest.mark.parametrize("day", ["2023-02-30", "yesterday", "2023-1-5", "20230105", "2023-01-05x"])
def test_as_of_an_invalid_date_is_a_404_that_explains_the_format(client, history, day):
    service, _, _ = history
    response = client.get(f"/services/{service.slug}/as-of/{day}/")
    assert response.status_code == 404
    assert "write it as YYYY-MM-DD" in body(response)


@pytest.mark.parametrize("size", [10, 300])
def test_as_of_query_count_is_constant(client, django_assert_max_num_queries, size):
    service, _, _ = three_versions(activities=size)
    with django_assert_max_num_queries(11):  # 10, and the service's translations
        assert client.get(f"/services/{service.slug}/as-of/2023-06-01/").status_code == 200


# --- Diff --------------------------------------------------------------------------------


def test_diff_page_shows_counts_reworded_words_letters_and_shifts(client, history):
    service, _, _ = history
    html = body(client.get(f"/services/{service.slug}/diff/1/3/"))
    assert "What changed from version 1 to version 3" in html
    assert "<dt>Reworded</dt><dd>1</dd>" in html
    assert "<dt>Responsibility shifts</dt><dd>2</dd>" in html
    assert "2 to the customer (more customer responsibility), 0 to the provider (less)." in html
    assert "Activity number <del>1</del><ins>one, clarified</ins>" in html
    assert '<td class="letters"><del>I</del></td>' in html and '<td class="letters"><ins>RA</ins></td>' in html
    assert "To the customer: more customer responsibility" in html


def test_diff_with_current_compares_with_the_current_version(client, history):
    service, _, _ = history
    html = body(client.get(f"/services/{service.slug}/diff/2/current/"))
    assert "What changed from version 2 to version 3" in html and "the current version" in html


def test_diff_between_identical_versions_says_nothing_changed(client, history):
    service, _, _ = history
    html = body(client.get(f"/services/{service.slug}/diff/2/2/"))
    assert "The two versions have the same sections, activities and letters." in html


@pytest.mark.parametrize("path", ["diff/1/4/", "diff/4/current/", "diff/0/1/", "diff/1/x/"])
def test_diff_with_a_missing_version_is_404(client, history, path):
    service, _, _ = history
    assert client.get(f"/services/{service.slug}/{path}").status_code == 404


@pytest.mark.parametrize("size", [10, 300])
def test_diff_query_count_is_constant(client, django_assert_max_num_queries, size):
    service, _, _ = three_versions(activities=size)
    with django_assert_max_num_queries(13):  # 12, and the service's translations
        response = client.get(f"/services/{service.slug}/diff/1/3/")
    assert response.status_code == 200
    assert f"<dt>Unchanged activities</dt><dd>{size - 2}</dd>" in body(response)


def test_history_diff_and_banner_read_in_french(client, history):
    service, _, _ = history
    french = {"HTTP_ACCEPT_LANGUAGE": "fr"}
    html = body(client.get(f"/services/{service.slug}/versions/", **french))
    assert "Historique des versions" in html and "1 activité reformulée" in html
    assert "2 transferts de responsabilité vers le client" in html
    html = body(client.get(f"/services/{service.slug}/diff/1/3/", **french))
    assert "Ce qui a changé de la version 1 à la version 3" in html and "Vers le client" in html
    html = body(client.get(f"/services/{service.slug}/versions/1/", **french))
    assert "Version 1 sur 3, remplacée le 1 mars 2023." in html
    response = client.get(f"/services/{service.slug}/as-of/2020-01-01/", **french)
    assert "Aucune version de Email Pro n’était en vigueur le 1 janvier 2020" in body(response)
