from django import template

from .. import letters
from ..reading import tables

register = template.Library()


@register.filter
def letters_title(cell: str) -> str:
    """Spell a cell's letters out for the title of its <abbr>: "RA" -> "Responsible, Accountable"."""
    return letters.letters_title(cell)


@register.simple_tag
def matrix_sections(blocks, parties, content_language=""):
    """Every section of a version page with its table (built in Python: see reading.tables)."""
    return tables.matrix_sections_html(blocks, parties, content_language)
