"""The release token: a deploy never serves, nor confirms with a 304, a page of the previous release."""

import pytest

from responsibilities.caching import release
from tests.factories import make_version

pytestmark = pytest.mark.django_db


def test_a_new_release_renders_a_fresh_page_with_a_new_etag(client, settings):
    version = make_version(activities=3)
    url = f"/services/{version.service.slug}/versions/1/"
    settings.RACI_RELEASE = "release-1"
    first = client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    settings.RACI_RELEASE = "release-2"
    second = client.get(url)

    assert second["X-Page-Cache"] == "miss"
    assert second["ETag"] != first["ETag"]
    assert second["ETag"].strip('"').startswith(version.fingerprint)  # still recognisable by an auditor


def test_an_etag_of_the_previous_release_gets_the_new_page_not_a_304(client, settings):
    version = make_version(activities=3)
    url = f"/services/{version.service.slug}/"
    settings.RACI_RELEASE = "release-1"
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    settings.RACI_RELEASE = "release-2"
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200 and response["ETag"] != etag


def test_the_same_release_keeps_its_cached_pages_and_etags(client, settings):
    version = make_version(activities=3)
    url = f"/services/{version.service.slug}/diff/1/1/"
    settings.RACI_RELEASE = "release-1"
    first = client.get(url)
    second = client.get(url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")


def _tree(root, template="<p>{{ x }}</p>", css="p{}"):
    for folder in ("responsibilities", "templates", "static", "staticfiles"):
        (root / folder).mkdir(exist_ok=True)
    (root / "responsibilities" / "views.py").write_text("x = 1\n")
    (root / "templates" / "page.html").write_text(template)
    (root / "static" / "raci.css").write_text(css)


def test_without_a_setting_the_token_follows_the_templates_and_static_files(tmp_path, settings):
    settings.RACI_RELEASE = ""
    settings.BASE_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STATICFILES_DIRS = [tmp_path / "static"]
    release._content_token.cache_clear()
    _tree(tmp_path)
    first = release.release_token()
    release._content_token.cache_clear()
    assert release.release_token() == first  # the same files: the same token

    (tmp_path / "templates" / "page.html").write_text("<p>{{ x }} changed</p>")
    release._content_token.cache_clear()
    after_template = release.release_token()
    (tmp_path / "static" / "raci.css").write_text("p{color:red}")
    release._content_token.cache_clear()
    after_css = release.release_token()

    assert len({first, after_template, after_css}) == 3
    release._content_token.cache_clear()


def test_collectstatics_manifest_stands_for_the_static_files_once_it_exists(tmp_path, settings):
    settings.RACI_RELEASE = ""
    settings.BASE_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STATICFILES_DIRS = [tmp_path / "static"]
    _tree(tmp_path)
    (tmp_path / "staticfiles" / "staticfiles.json").write_text('{"paths": {"raci.css": "raci.1111.css"}}')
    release._content_token.cache_clear()
    first = release.release_token()
    (tmp_path / "staticfiles" / "staticfiles.json").write_text('{"paths": {"raci.css": "raci.2222.css"}}')
    release._content_token.cache_clear()
    assert release.release_token() != first
    release._content_token.cache_clear()
