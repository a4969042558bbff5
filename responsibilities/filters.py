"""Public filters: the catalogue (in the database) and one matrix (on its prefetched rows).

The matrix is filtered in Python, after the page's fixed prefetch, so a filtered page costs
exactly the queries of the unfiltered one, and words match case-insensitively in any script
(SQLite's LIKE only folds ASCII).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from .letters import letter_choices
from .models import Activity, Party, Service
from .parties import customer_index
from .reading.blocks import Block
from .translations.models import TranslatedActivity, Translation, TranslationStatus


def search_words(text: str) -> list[str]:
    """Split a search box into case-folded words (all must match)."""
    return [word.casefold() for word in (text or "").split()]


# --- Catalogue ------------------------------------------------------------------------------


class ServiceFilter(django_filters.FilterSet):
    """Filter the catalogue by product family and by words found in a service or its current matrix."""

    family = django_filters.ChoiceFilter(
        label=_("Product family"), empty_label=_("All families"), choices=[], method="filter_family"
    )
    q = django_filters.CharFilter(label=_("Search"), method="filter_words", max_length=200)

    class Meta:
        model = Service
        fields = ["family", "q"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # order_by(): the model's default ordering (by name) would make distinct() keep one row per name.
        families = (
            Service.objects.listed().exclude(family="").order_by("family").values_list("family", flat=True).distinct()
        )
        self.filters["family"].extra["choices"] = [(family, family) for family in families]
        self.filters["family"].extra["error_messages"] = {
            "invalid_choice": _("No listed service belongs to the family “%(value)s”. Choose one from the list.")
        }

    def filter_family(self, queryset, name, value):
        return queryset.filter(family=value)

    def filter_words(self, queryset, name, value):
        """Every word must appear in the name, the description, or the current version in any of its languages
        (an activity, or a translation's title or activity)."""
        for word in search_words(value):
            in_matrix = Activity.objects.filter(version=OuterRef("current_version"), text__icontains=word)
            translated = Translation.objects.published().filter(version=OuterRef("current_version"))
            in_title = translated.filter(title__icontains=word)
            in_translation = TranslatedActivity.objects.filter(
                translation__version=OuterRef("current_version"),
                translation__status=TranslationStatus.PUBLISHED,
                text__icontains=word,
            )
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(description__icontains=word)
                | Exists(in_matrix)
                | Exists(in_title)
                | Exists(in_translation)
            )
        return queryset


# --- One matrix -----------------------------------------------------------------------------


#: The query parameters of a matrix page and how each is normalised (hand-typed links:
#: ``?party=Customer&letter=r`` means ``?party=customer&letter=R``); the words are kept as typed,
#: since the form shows them back.
MATRIX_PARAMETERS = {
    "party": lambda value: value.strip().lower(),
    "letter": lambda value: value.strip().upper(),
    "q": str,
}


def matrix_filter_params(query) -> dict[str, str]:
    """The matrix filter's parameters in ``query`` (a QueryDict or dict), normalised, in a fixed
    order; empty ones and every other parameter left out. A matrix page depends on nothing else
    of its query string (and its page-cache key neither)."""
    params = {}
    for name, normalise in MATRIX_PARAMETERS.items():
        value = normalise(query.get(name) or "")
        if value:
            params[name] = value
    return params


class MatrixFilter(django_filters.FilterSet):
    """The GET form of a matrix page: ``?party=<slug>&letter=R&q=words``.

    Only its form is used (validation and rendering); ``filter_blocks`` applies the cleaned
    values to the rows already in memory.
    """

    party = django_filters.ChoiceFilter(label=_("Party"), empty_label=_("Any party"), choices=[])
    letter = django_filters.ChoiceFilter(label=_("Letter"), empty_label=_("Any letter"), choices=letter_choices())
    q = django_filters.CharFilter(label=_("Words in the activity"), max_length=200)

    class Meta:
        model = Party
        fields = ["party", "letter", "q"]

    def __init__(self, data=None, *, parties: list[Party], **kwargs):
        if data is not None:
            data = matrix_filter_params(data)
        super().__init__(data, queryset=Party.objects.none(), **kwargs)
        self.parties = parties
        self.filters["party"].extra["choices"] = [(party.slug, party.name) for party in parties]
        self.filters["party"].extra["error_messages"] = {
            "invalid_choice": _("This matrix has no party “%(value)s”. Choose one of the listed parties.")
        }
        self.filters["letter"].extra["error_messages"] = {
            "invalid_choice": _("“%(value)s” is not a RACI letter. Choose R, A, C or I.")
        }

    @property
    def criteria(self) -> MatrixCriteria:
        """The valid part of the request: an invalid field is reported and ignored."""
        if not self.is_bound:
            return MatrixCriteria()
        self.form.is_valid()
        data = self.form.cleaned_data
        slugs = [party.slug for party in self.parties]
        party = data.get("party") or ""
        return MatrixCriteria(
            party_index=slugs.index(party) if party in slugs else None,
            letter=data.get("letter") or "",
            words=tuple(search_words(data.get("q") or "")),
        )


@dataclass(frozen=True)
class MatrixCriteria:
    party_index: int | None = None  # column of the party, in matrix order
    letter: str = ""
    words: tuple[str, ...] = ()  # case-folded; every one must appear

    @property
    def active(self) -> bool:
        return self.party_index is not None or bool(self.letter) or bool(self.words)

    def matches(self, letters: list[str], text: str) -> bool:
        if self.party_index is not None:
            cell = letters[self.party_index]
            if not cell or (self.letter and self.letter not in cell):
                return False
        elif self.letter and not any(self.letter in cell for cell in letters):
            return False
        folded = text.casefold()
        return all(word in folded for word in self.words)


def filter_blocks(blocks: list[Block], criteria: MatrixCriteria) -> list[Block]:
    """Keep the rows that match, and the sections that still hold a row (or a child that does).

    Sections keep their original numbers: a filtered page cites the same "3.1.2." as the full one.
    """
    if not criteria.active:
        return blocks
    kept = [
        replace(block, rows=[row for row in block.rows if criteria.matches(row.letters, row.activity.text)])
        for block in blocks
    ]
    # Walk backwards: a heading stays when it has rows or a kept descendant after it.
    result: list[Block] = []
    kept_below: dict[int, bool] = {}
    for block in reversed(kept):
        has_descendant = any(keep for depth, keep in kept_below.items() if depth > block.depth)
        keep = bool(block.rows) or has_descendant
        kept_below = {depth: value for depth, value in kept_below.items() if depth <= block.depth}
        kept_below[block.depth] = keep or kept_below.get(block.depth, False)
        if keep:
            result.append(block)
    result.reverse()
    return result


def row_count(blocks: list[Block]) -> int:
    return sum(len(block.rows) for block in blocks)


def customer_party(parties: list[Party]) -> Party | None:
    """The party a customer reads as "me" (``parties.customer_index``), for "What am I responsible for?"."""
    index = customer_index([party.name for party in parties])
    return None if index is None else parties[index]
