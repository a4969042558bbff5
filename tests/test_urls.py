"""Every URL pattern of the site, walked from the URLconf with hostile values: never a server error.

Each pattern's parameters get values an attacker or an unlucky link would send (numbers beyond
any integer column, encoded slashes and NULs, long and non-ASCII text), one parameter at a time
and all at once, as an anonymous reader and as a superuser, with and without a hostile query
string. A new URL is walked as soon as it is in the URLconf.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from responsibilities.services import draft_start
from tests.factories import ServiceFactory, UserFactory, make_version

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"
#: Values each kind of parameter is tried with (real values first: the pattern's own page).
REAL = {"slug": "email-pro", "int": "1", "path": "1", "str": "1", "day": "2024-01-31", "fmt": "csv"}
HOSTILE = {
    "int": [HUGE, "2147483648", "9223372036854775808", "0", "000000000000000000001"],
    "slug": [HUGE, "x" * 2_000, "-", "email-pro-"],
    "path": [HUGE, "-1", "1e9", quote("é" * 300), "%00", "..%2F..%2Fetc%2Fpasswd", "1/2/3", "x" * 2_000],
    "str": [HUGE, "-1", "%00", quote("日本"), "9999-99-99", "0000-00-00", "x" * 2_000],
}
QUERY = (
    "?party=nobody&letter=Z&q=" + "w%20" * 190 + "&family=%00&p=" + HUGE + "&o=" + HUGE + "&page=" + HUGE
    + "&lang=zz-" + "x" * 300 + "&e=1&all=&_changelist_filters=" + HUGE
)  # fmt: skip
PARAMETER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>|\(\?P<(?P<group>\w+)>[^)]*\)")


def patterns(resolvers=None, prefix=""):
    """(route, pattern) for every URL of the site, prefixes joined, regex anchors dropped."""
    for entry in get_resolver().url_patterns if resolvers is None else resolvers:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            yield from patterns(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def kind_of(match: re.Match) -> str:
    if match.group("group"):
        return "app_label" if match.group("group") == "app_label" else "path"
    name, kind = match.group("name"), match.group("kind") or "str"
    return "day" if name == "day" else "fmt" if name == "fmt" else "int" if kind == "version" else kind


def fill(route: str, values: dict[int, str]) -> str:
    """The route with the parameter at position i replaced by ``values[i]`` (else a real value)."""
    position = -1

    def one(match):
        nonlocal position
        position += 1
        kind = kind_of(match)
        if kind == "app_label":
            return "responsibilities"
        return values.get(position, REAL.get(kind, "1"))

    return "/" + PARAMETER.sub(one, route)


def hostile_urls() -> list[str]:
    urls = set()
    for route in patterns():
        kinds = [kind_of(m) for m in PARAMETER.finditer(route)]
        urls.add(fill(route, {}))
        for position, kind in enumerate(kinds):
            for value in HOSTILE.get("str" if kind in ("day", "fmt") else kind, []):
                urls.add(fill(route, {position: value}))
        if kinds:
            urls.add(fill(route, {position: HUGE for position in range(len(kinds))}))
    return sorted(urls)


@pytest.fixture
def site():
    service = ServiceFactory(slug="email-pro", name="Email Pro")
    make_version(service=service, activities=4)
    make_version(service=service, activities=5)
    draft_start(service=service, user=None)
    return service


def test_the_walk_covers_every_public_and_admin_pattern():
    routes = set(patterns())

    assert "services/<slug:slug>/diff/<version:a>/<version:b>/" in routes
    assert "admin/responsibilities/service/<int:object_id>/import/" in routes
    assert len(hostile_urls()) > 5 * len(routes)


@pytest.mark.parametrize("who", ["anonymous", "superuser"])
def test_no_url_answers_a_server_error_whatever_its_values(client, site, who):
    if who == "superuser":
        client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    failures = []
    for url in hostile_urls():
        for query in ("", QUERY):
            status = client.get(url + query).status_code  # an exception fails the test by itself
            if status >= 500:
                failures.append(f"{url[:120]}{query[:20]} → {status}")

    assert failures == []


def test_a_version_number_beyond_any_integer_is_not_found(client, site):
    for url in (
        f"/services/email-pro/diff/1/{HUGE}/",
        f"/services/email-pro/diff/{HUGE}/current/",
        f"/services/email-pro/versions/{HUGE}/",
        f"/services/email-pro/versions/{HUGE}.csv",
    ):
        assert client.get(url).status_code == 404, url
