"""Public addresses that never break: one spelling per page, permanent redirects to it.

Customers bookmark and cite version permalinks, so an address that worked once keeps
working: a service's former slugs (``ServiceSlug``) and version numbers written with leading
zeros (``/versions/0003/``) answer ``301 Moved Permanently`` to the page's own address, with
the query string kept. Each page is thus known under one address (and one cache key).
"""

from __future__ import annotations

from django.http import HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, reverse

from ..models import ServiceSlug

NAMESPACE = "responsibilities"


class WrittenNumber(int):
    """A version number from a URL that remembers how the URL wrote it (``0003`` is 3)."""

    written: str

    def __new__(cls, number: int, *, written: str):
        instance = super().__new__(cls, number)
        instance.written = written
        return instance

    @property
    def is_canonical(self) -> bool:
        return self.written == str(int(self))


def _address(request, match, kwargs) -> HttpResponsePermanentRedirect | None:
    try:
        path = reverse(match.view_name, kwargs={name: _plain(value) for name, value in kwargs.items()})
    except NoReverseMatch:
        return None
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{path}?{query}" if query else path)


def _plain(value):
    return int(value) if isinstance(value, WrittenNumber) else value


class CanonicalAddressMiddleware:
    """Redirects a public page's other spellings to its address, for good."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404:
            return self._former_slug(request) or response
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespace != NAMESPACE:
            return None
        if any(isinstance(value, WrittenNumber) and not value.is_canonical for value in view_kwargs.values()):
            return _address(request, match, view_kwargs)
        return None

    @staticmethod
    def _former_slug(request):
        """A page not found under a slug its service left: the same page under the slug it has now."""
        match = getattr(request, "resolver_match", None)
        if match is None or match.namespace != NAMESPACE or "slug" not in match.kwargs:
            return None
        former = ServiceSlug.objects.filter(slug=match.kwargs["slug"]).values_list("service__slug", flat=True).first()
        if former is None:
            return None
        return _address(request, match, {**match.kwargs, "slug": former})
