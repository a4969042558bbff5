"""HTTP caching of version pages: ETag / Last-Modified with 304s, and Cache-Control."""

from __future__ import annotations

from functools import wraps

from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import condition

from .keys import page_etag

#: Browsers and proxies may reuse a permalink for this long before revalidating (only the
#: "superseded" banner can change on it).
PERMALINK_MAX_AGE = 300


def conditional(resolve, variant=None):
    """Send ETag / Last-Modified for the version ``resolve(request, …)`` finds and answer 304 when fresh.

    ``resolve`` returns an object with ``fingerprint``, ``identity`` and ``last_modified``;
    ``variant(request)`` what else the page depends on (as its page-cache key, ``keys``).
    """
    check = condition(
        etag_func=lambda request, *args, **kwargs: _etag(
            request, resolve(request, *args, **kwargs), variant(request) if variant else {}
        ),
        last_modified_func=lambda request, *args, **kwargs: resolve(request, *args, **kwargs).last_modified,
    )

    def decorator(view):
        checked = check(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            # A 304 must name the same Vary as the 200 it stands for (RFC 9110 §15.4.5).
            response = checked(request, *args, **kwargs)
            if response.status_code == 304:
                patch_vary_headers(response, ("Accept-Encoding",))
            return response

        return wrapper

    return decorator


def _etag(request, page, variant: dict[str, str]) -> str:
    return page_etag(request, page.fingerprint, page.identity, variant)


def cache_headers(response: HttpResponse, *, permalink: bool) -> HttpResponse:
    """Permalinks may be reused for a while; the current page is revalidated every time."""
    if permalink:
        patch_cache_control(response, public=True, max_age=PERMALINK_MAX_AGE)
    else:
        patch_cache_control(response, public=True, no_cache=True)
    patch_vary_headers(response, ("Accept", "Accept-Language", "Cookie"))
    return response
