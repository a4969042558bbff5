"""Public downloads of a published version, in any format of the registry and any of its languages.

``/services/<slug>/versions/<n>.<format>[?lang=<code>]``.

A published version never changes, so each file is written once per format, language and
release and kept in the page cache (``caching.keys.download_key``); a download then costs one
query (two with ``?lang=``: the version's translations). Without ``?lang=`` a file holds the version as
written, whatever the reader's interface language: a script fetching a URL gets the same
bytes from any machine.
"""

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import condition, require_safe

from ..caching import compression
from ..caching.keys import download_key, per_request
from ..caching.release import release_token
from ..caching.store import cached_page
from ..formats import FORMATS, write
from ..models import MatrixVersion
from ..reading.languages import choose_language
from ..translations.reading import matrix_in_language
from .language import asked_language, service_translations


def _published(request, slug, number) -> dict | None:
    """The published version and the language the file is in, once per request (validators and view ask)."""

    def find():
        values = (
            MatrixVersion.objects.published()
            .filter(service__slug=slug, number=number)
            .values("pk", "fingerprint", "service_id", "language", "service__source_language")
            .first()
        )
        if values is None:
            return None
        source, asked = values["language"] or values["service__source_language"], asked_language(request)
        # Without ?lang= the file is the version as written: no need to know its translations.
        translations = service_translations(request, values["service_id"]) if asked is not None else None
        languages = translations.languages(number, source) if translations else [source]
        choice = choose_language(asked, None, languages, source)
        translation = None if choice.is_source else translations.by_number[number][choice.shown]
        return {
            "pk": values["pk"],
            "language": "" if choice.is_source else choice.shown,
            "shown": choice.shown,
            # What the file holds: the version as written, or its translation (with the version's letters).
            "fingerprint": translation.fingerprint if translation else values["fingerprint"],
        }

    return per_request(request, ("download", slug, number), find)


def _etag(request, slug, number, fmt):
    """A published version (or translation) never changes: its fingerprint, the format and the
    release (whose writer made the file) identify every file made from it; a gzip body is another one."""
    found = _published(request, slug, number) if fmt in FORMATS else None
    if not found or not found["fingerprint"]:
        return None
    gzip = compression.etag_suffix(request) if not FORMATS[fmt].binary else ""
    return f"{found['fingerprint']}-{fmt}-{release_token()}{gzip}"


@require_safe
@condition(etag_func=_etag)
def version_download(request, slug, number, fmt):
    """Send one published version in a file format and language; drafts and unknown formats are 404."""
    found = _published(request, slug, number) if fmt in FORMATS else None
    if found is None:
        raise Http404("No such download.")
    pk, fingerprint, language = found["pk"], found["fingerprint"], found["language"]
    content_type = FORMATS[fmt].content_type

    def render():
        version = MatrixVersion.objects.select_related("service").get(pk=pk)
        return HttpResponse(write(matrix_in_language(version, language), fmt), content_type=content_type)

    if fingerprint:
        key = download_key(pk, fingerprint, fmt, language)
        response = cached_page(request, key, render, compress=not FORMATS[fmt].binary)
    else:  # a version published before fingerprints were kept: not worth a cache entry
        response = render()
    name = f"{slug}-v{number}-{language}.{fmt}" if language else f"{slug}-v{number}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Content-Language"] = found["shown"]
    response["Cache-Control"] = "public, max-age=86400"
    return response
