"""The grid's rows as HTML, built in Python: a 2,000-row matrix has ~20,000 inputs, which the
template engine renders in seconds; this takes a fraction of that. Markup only, no logic."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .grid_forms import SECTION


def _value(bound) -> str:
    value = bound.value()
    return "" if value is None else str(value)


def _errors(form, *names) -> SafeString:
    return mark_safe("".join(str(form.errors[name]) for name in names if name in form.errors))  # noqa: S308 - ErrorList renders escaped HTML


def _kind(form) -> SafeString:
    kind = form["kind"]
    if form.initial:
        return format_html('<input type="hidden" name="{}" value="{}">', kind.html_name, _value(kind))
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if _value(kind) == value else "", label)
            for value, label in kind.field.choices
        ),
    )
    return format_html(
        '<label class="visually-hidden" for="{}">{}</label><select name="{}" id="{}" class="raci-kind">{}</select>',
        kind.auto_id,
        _("Kind of row"),
        kind.html_name,
        kind.auto_id,
        options,
    )


def _level(form, is_section: bool) -> SafeString:
    if form.initial and not is_section:
        return mark_safe("")
    level = form["level"]
    return format_html(
        '<label class="raci-level-label" for="{}">{}</label>'
        '<input type="number" min="1" max="6" class="raci-level" name="{}" id="{}" value="{}">',
        level.auto_id,
        _("Level"),
        level.html_name,
        level.auto_id,
        _value(level),
    )


def _cells(form, label: str) -> SafeString:
    parts = []
    for cell in form.cell_fields():
        has_error = cell.name in form.errors
        parts.append(
            format_html(
                '<td class="raci-cell{}"><input type="text" class="raci-cell-input" name="{}" id="{}" value="{}" '
                'size="4" maxlength="20" autocomplete="off" spellcheck="false" aria-label="{} — {}"{}>{}</td>',
                " raci-cell-error" if has_error else "",
                cell.html_name,
                cell.auto_id,
                _value(cell),
                label or _("new row"),
                cell.label,
                mark_safe(' aria-invalid="true"') if has_error else "",
                _errors(form, cell.name),
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - every part comes from format_html


def grid_row(form, index) -> SafeString:
    """One row of the grid: label, kind/level/text, one cell per column, order number, delete box."""
    is_section = (form["kind"].value() or "") == SECTION
    label = form.initial.get("label", "")
    problems = form.initial.get("problems") or []
    if form.initial and is_section:
        classes = f"raci-row raci-section level-{_value(form['level'])}"
        cells = format_html('<td class="raci-section-cells" colspan="{}"></td>', len(form.columns))
    else:
        classes = "raci-row raci-activity" if form.initial else "raci-row raci-new"
        cells = _cells(form, label)
    if problems:
        classes += " raci-has-problem"
    if form.is_bound and form.errors:
        classes += " raci-error"
    text, order, delete = form["text"], form["ORDER"], form["DELETE"]
    problem = (
        format_html('<p class="raci-problem"><span aria-hidden="true">⚠</span> {}</p>', "; ".join(problems))
        if problems
        else ""
    )
    return format_html(
        '<tr id="row-{index}" class="{classes}"><td class="raci-label">{label}</td>'
        '<td class="raci-text">{kind}{level}<input type="hidden" name="{key_name}" value="{key}">'
        '<label class="visually-hidden" for="{text_id}">{text_label} {label}</label>'
        '<textarea rows="{rows}" class="raci-text-input" name="{text_name}" id="{text_id}">{text}</textarea>'
        "{errors}{problem}</td>{cells}"
        '<td class="raci-order"><label class="visually-hidden" for="{order_id}">{order_label}</label>'
        '<input type="number" class="raci-order-input" name="{order_name}" id="{order_id}" value="{order}">'
        "{order_errors}</td>"
        '<td class="raci-delete"><label class="visually-hidden" for="{delete_id}">{delete_label}</label>'
        '<input type="checkbox" name="{delete_name}" id="{delete_id}"{checked}></td></tr>\n',
        index=index,
        classes=classes,
        label=label,
        kind=_kind(form),
        level=_level(form, is_section),
        key_name=form["key"].html_name,
        key=_value(form["key"]),
        text_id=text.auto_id,
        text_name=text.html_name,
        text_label=_("Section title") if is_section else _("Activity"),
        rows=1 if is_section and form.initial else 2,
        text=_value(text),
        errors=_errors(form, "kind", "level", "text", "__all__"),
        problem=problem,
        cells=cells,
        order_id=order.auto_id,
        order_name=order.html_name,
        order_label=_("Order"),
        order=_value(order),
        order_errors=_errors(form, "ORDER"),
        delete_id=delete.auto_id,
        delete_name=delete.html_name,
        delete_label=_("Delete"),
        checked=mark_safe(" checked") if delete.value() else "",
    )


def grid_rows(row_formset) -> SafeString:
    return mark_safe("".join(grid_row(form, index) for index, form in enumerate(row_formset.forms)))  # noqa: S308


def grid_empty_row(row_formset) -> SafeString:
    return grid_row(row_formset.empty_form, "__prefix__")
