"""A translated page paired with its source matrix: by section number and position, never by text.

Pure (plain ``Matrix`` values, no database). Parties pair by position, sections by their derived
number, activities by their position in the section. A page whose parties, sections or rows do
not line up is refused with the first place that differs; a row whose letters differ from the
source's is paired anyway and reported (real translations disagree with their source), and the
source's letters are the ones kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..formats.matrix import Matrix, MatrixActivity, section_label


@dataclass(frozen=True)
class LetterDisagreement:
    """One row where the translated page gives other letters than the source."""

    section: str  # "3.1."
    source_text: str
    page_text: str
    source_letters: tuple[tuple[str, str], ...]  # (party, letters) in the source's words
    page_letters: tuple[tuple[str, str], ...]  # (party, letters) in the page's words

    def __str__(self):
        return _(
            "Section %(section)s, activity “%(activity)s” (source: “%(source_text)s”): the page gives "
            "%(page)s where the source gives %(source)s; the source's letters are kept."
        ) % {
            "section": self.section,
            "activity": self.page_text,
            "source_text": self.source_text,
            "page": _letters_phrase(self.page_letters),
            "source": _letters_phrase(self.source_letters),
        }


def _letters_phrase(cells: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"{party} {letters or '—'}" for party, letters in cells)


def _shape_problem(source: Matrix, page: Matrix) -> str | None:
    """The first place the page's structure differs from the source's, in words; None when they line up."""
    if len(source.parties) != len(page.parties):
        return _("the source has %(source)d parties (%(source_names)s), the page %(page)d (%(page_names)s).") % {
            "source": len(source.parties),
            "source_names": ", ".join(source.parties),
            "page": len(page.parties),
            "page_names": ", ".join(page.parties),
        }
    source_sections = list(source.walk())
    page_sections = list(page.walk())
    for index, (number, section) in enumerate(source_sections):
        label = section_label(number)
        if index >= len(page_sections):
            return _("section %(section)s “%(title)s” of the source is missing from the page.") % {
                "section": label,
                "title": section.title,
            }
        page_number, page_section = page_sections[index]
        if page_number != number:
            return _(
                "where the source has section %(source)s “%(title)s”, the page has section %(page)s “%(page_title)s”."
            ) % {
                "source": label,
                "title": section.title,
                "page": section_label(page_number),
                "page_title": page_section.title,
            }
        if len(section.activities) != len(page_section.activities):
            return _(
                "section %(section)s has %(source)d activities in the source and %(page)d on the page "
                "(the first unpaired one: “%(text)s”)."
            ) % {
                "section": label,
                "source": len(section.activities),
                "page": len(page_section.activities),
                "text": _first_unpaired(section.activities, page_section.activities),
            }
    if len(page_sections) > len(source_sections):
        number, section = page_sections[len(source_sections)]
        return _("the page has a section %(section)s “%(title)s” that the source does not have.") % {
            "section": section_label(number),
            "title": section.title,
        }
    return None


def _first_unpaired(source: list[MatrixActivity], page: list[MatrixActivity]) -> str:
    longer = source if len(source) > len(page) else page
    return longer[min(len(source), len(page))].text


def check_pairing(source: Matrix, page: Matrix) -> list[LetterDisagreement]:
    """Pair ``page`` with ``source``; the rows whose letters disagree, in reading order.

    Raises ``ValidationError`` naming the first place the structure differs.
    """
    problem = _shape_problem(source, page)
    if problem:
        raise ValidationError(
            _("This page does not line up with the source version, so it cannot be its translation: %(problem)s")
            % {"problem": problem}
        )
    disagreements = []
    for (number, section), (_number, page_section) in zip(source.walk(), page.walk(), strict=True):
        for source_row, page_row in zip(section.activities, page_section.activities, strict=True):
            source_cells = tuple((party, source_row.cells.get(party, "")) for party in source.parties)
            page_cells = tuple((party, page_row.cells.get(party, "")) for party in page.parties)
            if [letters for _, letters in source_cells] != [letters for _, letters in page_cells]:
                disagreements.append(
                    LetterDisagreement(
                        section=section_label(number),
                        source_text=source_row.text,
                        page_text=page_row.text,
                        source_letters=source_cells,
                        page_letters=page_cells,
                    )
                )
    return disagreements
