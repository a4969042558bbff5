"""Where a version stands in its service's history: the banner and links of a version page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from ..models import MatrixVersion
from .lookup import PageVersion


@dataclass(frozen=True)
class VersionStanding:
    """What the banner and links of a version page say about its place in the history."""

    number: int
    count: int
    is_current: bool
    superseded_on: date | None
    current_url: str
    history_url: str
    feed_url: str
    permalink: str
    previous_diff_url: str
    current_diff_url: str


def version_standing(page: PageVersion) -> VersionStanding:
    """Banner and links for a version page (one query, for superseded versions only)."""
    superseded_on = None
    if not page.is_current:
        superseded_on = (
            MatrixVersion.objects.published()
            .filter(service_id=page.service_id, number=page.number + 1)
            .values_list("last_updated", flat=True)
            .first()
        )
    slug = page.slug
    return VersionStanding(
        number=page.number,
        count=page.current_number,
        is_current=page.is_current,
        superseded_on=superseded_on,
        current_url=reverse("responsibilities:service", kwargs={"slug": slug}),
        history_url=reverse("responsibilities:history", kwargs={"slug": slug}),
        feed_url=reverse("responsibilities:service_feed", kwargs={"slug": slug}),
        permalink=reverse("responsibilities:version", kwargs={"slug": slug, "number": page.number}),
        previous_diff_url=reverse(
            "responsibilities:diff", kwargs={"slug": slug, "a": page.number - 1, "b": page.number}
        )
        if page.number > 1
        else "",
        current_diff_url=reverse("responsibilities:diff_current", kwargs={"slug": slug, "a": page.number})
        if not page.is_current
        else "",
    )
