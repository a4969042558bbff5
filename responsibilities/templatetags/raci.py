from django import template
from django.utils.translation import gettext as _

from ..letters import CANONICAL_ORDER

register = template.Library()


@register.filter
def letters_title(letters: str) -> str:
    """Spell a cell's letters out for the title of its <abbr>: "RA" -> "Responsible, Accountable"."""
    names = {"R": _("Responsible"), "A": _("Accountable"), "C": _("Consulted"), "I": _("Informed")}
    return ", ".join(names[letter] for letter in CANONICAL_ORDER if letter in (letters or ""))
