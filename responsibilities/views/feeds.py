"""Atom feeds of published versions: one per service and one for the whole registry.

Each entry is in the language ``?lang=`` (else the interface language) chooses among its
version's languages, as the version's page would show it; its links keep ``?lang=``.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html_join
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ..diff import summary_sentence
from ..models import MatrixVersion, Service
from ..reading.languages import choose_language
from ..translations.models import Translation
from .language import LANG, asked_language

#: Entries per feed: readers poll them, and a service rarely publishes more than a few a year.
FEED_LENGTH = 50


class _VersionsFeed(Feed):
    feed_type = Atom1Feed

    def _versions(self):
        return MatrixVersion.objects.published().select_related("service").order_by("-published_at", "-pk")

    def _in_language(self, request, versions) -> list[MatrixVersion]:
        """The versions, each given the title and change summary of the language it is shown in (one query)."""
        versions = list(versions)
        texts: dict[int, dict[str, tuple[str, str]]] = defaultdict(dict)
        rows = (
            Translation.objects.latest_published()
            .filter(version__in=[version.pk for version in versions])
            .values_list("version_id", "language", "title", "change_summary")
        )
        for version_id, language, title, change_summary in rows:
            texts[version_id][language] = (title, change_summary)
        asked, interface = asked_language(request), get_language()
        for version in versions:
            source = version.language or version.service.source_language
            translated = texts.get(version.pk, {})
            languages = [source, *sorted(code for code in translated if code != source)]
            choice = choose_language(asked, interface, languages, source)
            title, change_summary = translated.get(choice.shown, (version.title, version.change_summary))
            version.shown_title = title or version.title
            version.shown_change_summary = change_summary or version.change_summary
            # Links keep the language asked for: the diff or version shows it where it can, or says why not.
            version.shown_query = f"?{urlencode({LANG: choice.wanted})}" if choice.explicit and choice.wanted else ""
        return versions

    def item_title(self, item: MatrixVersion) -> str:
        return _("%(service)s — version %(number)d: %(title)s") % {
            "service": item.service.name,
            "number": item.number,
            "title": item.shown_title,
        }

    def item_description(self, item: MatrixVersion) -> str:
        """The change summary, then the diff counts, as HTML paragraphs (Atom ``type="html"``)."""
        lines = [item.shown_change_summary, summary_sentence(item.diff_summary, first=item.number == 1)]
        if item.ar_override:
            lines.append(_("Published with exceptions to the A/R rule (see the notice on the page)."))
        return format_html_join("", "<p>{}</p>", ((line,) for line in lines if line))

    def item_link(self, item: MatrixVersion) -> str:
        """The diff with the version before (the version itself for the first one)."""
        if item.number > 1:
            url = reverse(
                "responsibilities:diff", kwargs={"slug": item.service.slug, "a": item.number - 1, "b": item.number}
            )
        else:
            url = item.get_absolute_url()
        return url + item.shown_query

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
        service = get_object_or_404(Service.objects.listed(), slug=slug)
        service.feed_request = request
        return service

    def title(self, service: Service) -> str:
        return _("%(service)s: shared responsibility matrix versions") % {"service": service.name}

    def subtitle(self, service: Service) -> str:
        return _("Every published version of the %(service)s responsibility matrix, with what changed.") % {
            "service": service.name
        }

    def link(self, service: Service) -> str:
        return reverse("responsibilities:history", kwargs={"slug": service.slug})

    def items(self, service: Service):
        return self._in_language(service.feed_request, self._versions().filter(service=service)[:FEED_LENGTH])


class AllVersionsFeed(_VersionsFeed):
    title = gettext_lazy("RACI Registry: new responsibility matrix versions")
    subtitle = gettext_lazy("Every version published for any service, newest first, with what changed.")

    def get_object(self, request):
        return request  # what the entries' language depends on (a Feed instance serves every request)

    def link(self) -> str:
        return reverse("responsibilities:catalogue")

    def items(self, request):
        return self._in_language(request, self._versions()[:FEED_LENGTH])
