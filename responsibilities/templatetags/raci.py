from urllib.parse import parse_qsl, urlencode

from django import template

from .. import letters
from ..reading import tables
from ..reading.languages import normalize_code

register = template.Library()


@register.filter
def letters_title(cell: str) -> str:
    """Spell a cell's letters out for the title of its <abbr>: "RA" -> "Responsible, Accountable"."""
    return letters.letters_title(cell)


@register.simple_tag
def matrix_sections(blocks, parties, content_language=""):
    """Every section of a version page with its table (built in Python: see reading.tables)."""
    return tables.matrix_sections_html(blocks, parties, content_language)


@register.simple_tag(takes_context=True)
def language_switch_next(context) -> str:
    """Where the interface-language switcher returns: this page, its ``?lang=`` as the page resolved it.

    A page is cached per content language, not per spelling of ``?lang=``: the one it shows
    (``content.form_value``), else the code normalised, never the raw value.
    """
    request = context["request"]
    if "lang" not in request.GET:
        return request.get_full_path()
    content = context.get("content")
    shown = content.get("form_value") if isinstance(content, dict) else getattr(content, "form_value", "")
    value = shown or normalize_code(request.GET.get("lang"))
    query = request.META.get("QUERY_STRING", "")
    params = [(name, v) for name, v in parse_qsl(query, keep_blank_values=True) if name != "lang"]
    if value:
        params.insert(0, ("lang", value))
    return f"{request.path}?{urlencode(params)}" if params else request.path
