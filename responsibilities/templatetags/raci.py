from django import template

from .. import matrix_html

register = template.Library()


@register.filter
def letters_title(letters: str) -> str:
    """Spell a cell's letters out for the title of its <abbr>: "RA" -> "Responsible, Accountable"."""
    return matrix_html.letters_title(letters)


@register.simple_tag
def matrix_sections(blocks, parties):
    """Every section of a version page with its table (built in Python: see matrix_html)."""
    return matrix_html.matrix_sections_html(blocks, parties)
