"""Template helpers for the history and diff pages."""

from django import template

from ..diff import change_phrases

register = template.Library()


@register.filter
def change_list(counts) -> list[str]:
    """The non-zero diff counts of a version as short phrases."""
    return change_phrases(counts or {})
