"""Atom feeds of published versions: one per service and one for the whole registry."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..diff import summary_sentence
from ..models import MatrixVersion, Service

#: Entries per feed: readers poll them, and a service rarely publishes more than a few a year.
FEED_LENGTH = 50


class _VersionsFeed(Feed):
    feed_type = Atom1Feed

    def _versions(self):
        return MatrixVersion.objects.published().select_related("service").order_by("-published_at", "-pk")

    def item_title(self, item: MatrixVersion) -> str:
        return _("%(service)s — version %(number)d: %(title)s") % {
            "service": item.service.name,
            "number": item.number,
            "title": item.title,
        }

    def item_description(self, item: MatrixVersion) -> str:
        """The change summary, then the diff counts, as HTML paragraphs (Atom ``type="html"``)."""
        lines = [item.change_summary, summary_sentence(item.diff_summary, first=item.number == 1)]
        if item.ar_override:
            lines.append(_("Published with exceptions to the A/R rule (see the notice on the page)."))
        return format_html_join("", "<p>{}</p>", ((line,) for line in lines if line))

    def item_link(self, item: MatrixVersion) -> str:
        """The diff with the version before (the version itself for the first one)."""
        if item.number > 1:
            return reverse(
                "responsibilities:diff", kwargs={"slug": item.service.slug, "a": item.number - 1, "b": item.number}
            )
        return item.get_absolute_url()

    def item_guid(self, item: MatrixVersion) -> str:
        # An Atom id must be absolute and never change: the version's own identity.
        return f"urn:raci-registry:version:{item.pk}:{item.fingerprint}"

    def item_guid_is_permalink(self, item) -> bool:
        return False

    def item_pubdate(self, item: MatrixVersion):
        return item.published_at

    def item_updateddate(self, item: MatrixVersion):
        return item.published_at

    def item_author_name(self, item: MatrixVersion) -> str:
        return item.service.name


class ServiceVersionsFeed(_VersionsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Service.objects.listed(), slug=slug)

    def title(self, service: Service) -> str:
        return _("%(service)s: shared responsibility matrix versions") % {"service": service.name}

    def subtitle(self, service: Service) -> str:
        return _("Every published version of the %(service)s responsibility matrix, with what changed.") % {
            "service": service.name
        }

    def link(self, service: Service) -> str:
        return reverse("responsibilities:history", kwargs={"slug": service.slug})

    def items(self, service: Service):
        return self._versions().filter(service=service)[:FEED_LENGTH]


class AllVersionsFeed(_VersionsFeed):
    title = gettext_lazy("RACI Registry: new responsibility matrix versions")
    subtitle = gettext_lazy("Every version published for any service, newest first, with what changed.")

    def link(self) -> str:
        return reverse("responsibilities:catalogue")

    def items(self):
        return self._versions()[:FEED_LENGTH]
