"""Which published version a public URL shows: the few facts a page needs before rendering.

One query per request (memoised on the request, since the HTTP validators and the view ask for
the same version); drafts are never found here, so they are 404 on every public page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from django.db.models import F, OuterRef, Q, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from ..caching.keys import per_request
from ..caching.prepared import PreparedFirst
from ..models import MatrixVersion, Service, Translation

FIELDS = (
    "pk",
    "number",
    "fingerprint",
    "published_at",
    "last_updated",
    "service_id",
    "service__slug",
    "service__current_version_id",
    "service__current_version__number",
    "service__current_version__published_at",
    "service__current_version__fingerprint",
    "language",
    "service__source_language",
)
#: With, from a subquery, when the service's latest translation was published (``_with_translations``).
COLUMNS = (*FIELDS, "translations_published_at")


@dataclass(frozen=True)
class PageVersion:
    """The few facts about a published version a page needs before rendering anything."""

    pk: int
    number: int
    fingerprint: str
    published_at: datetime
    last_updated: date
    service_id: int
    slug: str
    current_pk: int
    current_number: int
    current_published_at: datetime
    current_fingerprint: str
    written_in: str  # the language stored with the version when published ("" before languages existed)
    service_source_language: str
    #: When the service's latest translation was published (None without any): a page lists its
    #: version's languages and says when the reader's is behind, so this names what it shows too.
    translations_published_at: datetime | None

    @property
    def language(self) -> str:
        """The language the version is written in (its source; every other one is a translation)."""
        return self.written_in or self.service_source_language

    @property
    def is_current(self) -> bool:
        return self.pk == self.current_pk

    @cached_property
    def identity(self) -> str:
        """What the page shows, named by content: this version and the current one (the banner),
        the slug its links are made of, and the service's latest translation (its languages).
        Nothing else of the service: a published version names the service as it was published."""
        translations = self.translations_published_at.isoformat() if self.translations_published_at else ""
        return (
            f"{self.pk}.{self.fingerprint[:20]}.{self.current_pk}.{self.current_fingerprint[:20]}.{self.slug}"
            f".{translations}"
        )

    @property
    def last_modified(self) -> datetime:
        """When this page last changed: its publication, the latest one after it (banner), or a translation's."""
        return max(filter(None, (self.published_at, self.current_published_at, self.translations_published_at)))

    @classmethod
    def from_values(cls, values: dict) -> PageVersion:
        return cls(*(values[name] for name in COLUMNS))


def _with_translations(queryset):
    """Each version with when its service's latest translation was published (a correlated subquery)."""
    latest = (
        Translation.objects.published()
        .filter(version__service_id=OuterRef("service_id"))
        .order_by("-published_at")
        .values("published_at")[:1]
    )
    return queryset.annotate(translations_published_at=Subquery(latest))


def _first_or_404(queryset, message) -> PageVersion:
    values = _with_translations(queryset).values(*COLUMNS).first()
    if values is None:
        raise Http404(message)
    return PageVersion.from_values(values)


#: Asked on every request for the current page, cached or not: compiled once (see caching.prepared).
_CURRENT = PreparedFirst(
    MatrixVersion,
    # At most one row: no ORDER BY to build or run.
    lambda slug: _with_translations(
        MatrixVersion.objects.published().filter(service__slug=slug, service__current_version=F("pk")).order_by()
    ),
    COLUMNS,
)


def _current_or_404(slug) -> PageVersion:
    values = _CURRENT.first(slug)
    if values is None:
        raise Http404(_("This service has no published version yet."))
    return PageVersion.from_values(values)


def current_page(request, slug, **kwargs) -> PageVersion:
    """The service's current version (one query); 404 without a published one."""
    return per_request(request, ("current", slug), lambda: _current_or_404(slug))


def numbered_page(request, slug, number, **kwargs) -> PageVersion:
    """Published version ``number`` of the service (one query); drafts are 404."""
    return per_request(
        request,
        ("number", slug, number),
        lambda: _first_or_404(
            MatrixVersion.objects.published().filter(service__slug=slug, number=number),
            _("No published version %(number)s of this service.") % {"number": number},
        ),
    )


def in_force_page(service: Service, day: date) -> PageVersion | None:
    """The version in force on ``day`` (one query), or None before the first one."""
    values = _with_translations(service.versions.in_force_on(day)).values(*COLUMNS).first()
    return PageVersion.from_values(values) if values else None


def versions_for_diff(slug: str, a: int, b: int | None) -> dict[int, PageVersion]:
    """Versions ``a`` and ``b`` of the service by number (``b`` None: the current one), in one query."""
    wanted = Q(number__in=[a] if b is None else [a, b])
    if b is None:
        wanted |= Q(service__current_version=F("pk"))
    rows = _with_translations(MatrixVersion.objects.published().filter(service__slug=slug).filter(wanted)).values(
        *COLUMNS
    )
    return {values["number"]: PageVersion.from_values(values) for values in rows}
