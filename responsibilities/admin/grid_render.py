"""The grid's rows as HTML, built in Python: a 2,000-row matrix has ~20,000 inputs, which the
template engine renders in seconds. An untouched grid (GET) is rendered straight from the initial
data without building 2,000 forms; a grid sent back with errors is rendered from its bound forms.
Markup only, no logic."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .grid_forms import ACTIVITY, SECTION, GridRowForm


class FormRow:
    """A row backed by a (bound) form: values as submitted, with their errors."""

    def __init__(self, form):
        self.form, self.initial, self.columns = form, form.initial, form.columns

    def name(self, field: str) -> str:
        return self.form[field].html_name

    def value(self, field: str) -> str:
        value = self.form[field].value()
        return "" if value is None else str(value)

    def has_errors(self, field: str) -> bool:
        return field in self.form.errors

    def errors(self, *fields) -> SafeString:
        errors = self.form.errors
        # ErrorList renders escaped HTML.
        return mark_safe("".join(str(errors[field]) for field in fields if field in errors))  # noqa: S308

    @property
    def any_errors(self) -> bool:
        return self.form.is_bound and bool(self.form.errors)

    def problems(self) -> list[str]:
        return self.form.submitted_problems() if self.form.is_bound else self.initial.get("problems") or []


class InitialRow:
    """A row of an untouched grid: the same names and values a form would render, no form."""

    def __init__(self, prefix: str, index, initial: dict, columns: list[str]):
        self.prefix, self.index, self.initial, self.columns = prefix, index, initial, columns

    def name(self, field: str) -> str:
        return f"{self.prefix}-{self.index}-{field}"

    def value(self, field: str) -> str:
        value = self.initial.get(field, ACTIVITY if field == "kind" else None)
        return "" if value is None or value is False else str(value)

    def has_errors(self, field: str) -> bool:
        return False

    def errors(self, *fields) -> SafeString:
        return mark_safe("")

    any_errors = False

    def problems(self) -> list[str]:
        return self.initial.get("problems") or []


def _id(row, field: str) -> str:
    return f"id_{row.name(field)}"


def _kind(row) -> SafeString:
    kind = row.value("kind")
    if row.initial:
        return format_html('<input type="hidden" name="{}" value="{}">', row.name("kind"), kind)
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if kind == value else "", label)
            for value, label in GridRowForm.base_fields["kind"].choices
        ),
    )
    return format_html(
        '<label class="visually-hidden" for="{}">{}</label><select name="{}" id="{}" class="raci-kind">{}</select>',
        _id(row, "kind"),
        _("Kind of row"),
        row.name("kind"),
        _id(row, "kind"),
        options,
    )


def _level(row, is_section: bool) -> SafeString:
    if row.initial and not is_section:
        return mark_safe("")
    return format_html(
        '<label class="raci-level-label" for="{}">{}</label>'
        '<input type="number" min="1" max="6" class="raci-level" name="{}" id="{}" value="{}">',
        _id(row, "level"),
        _("Level"),
        row.name("level"),
        _id(row, "level"),
        row.value("level"),
    )


def _cells(row, label: str) -> SafeString:
    parts = []
    for index, column in enumerate(row.columns):
        cell = f"c{index}"
        has_error = row.has_errors(cell)
        parts.append(
            format_html(
                '<td class="raci-cell{}"><input type="text" class="raci-cell-input" name="{}" id="{}" value="{}" '
                'size="4" maxlength="20" autocomplete="off" spellcheck="false" aria-label="{} — {}"{}>{}</td>',
                " raci-cell-error" if has_error else "",
                row.name(cell),
                _id(row, cell),
                row.value(cell),
                label or _("new row"),
                column,
                mark_safe(' aria-invalid="true"') if has_error else "",
                row.errors(cell),
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - every part comes from format_html


def grid_row(row, index) -> SafeString:
    """One row of the grid: label, kind/level/text, one cell per column, order number, delete box."""
    is_section = row.value("kind") == SECTION
    label = row.initial.get("label", "")
    problems = row.problems()
    if row.initial and is_section:
        classes = f"raci-row raci-section level-{row.value('level')}"
        cells = format_html('<td class="raci-section-cells" colspan="{}"></td>', len(row.columns))
    else:
        classes = "raci-row raci-activity" if row.initial else "raci-row raci-new"
        cells = _cells(row, label)
    if problems:
        classes += " raci-has-problem"
    if row.any_errors:
        classes += " raci-error"
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
        kind=_kind(row),
        level=_level(row, is_section),
        key_name=row.name("key"),
        key=row.value("key"),
        text_id=_id(row, "text"),
        text_name=row.name("text"),
        text_label=_("Section title") if is_section else _("Activity"),
        rows=1 if is_section and row.initial else 2,
        text=row.value("text"),
        errors=row.errors("kind", "level", "text", "__all__"),
        problem=problem,
        cells=cells,
        order_id=_id(row, "ORDER"),
        order_name=row.name("ORDER"),
        order_label=_("Order"),
        order=row.value("ORDER"),
        order_errors=row.errors("ORDER"),
        delete_id=_id(row, "DELETE"),
        delete_name=row.name("DELETE"),
        delete_label=_("Delete"),
        checked=mark_safe(" checked") if row.value("DELETE") not in ("", "False") else "",
    )


def grid_rows(row_formset, *, rows: list[dict], columns: list[str]) -> SafeString:
    """Every row: from the bound forms after a failed save, else straight from ``rows``."""
    if row_formset.is_bound:
        html = (grid_row(FormRow(form), index) for index, form in enumerate(row_formset.forms))
    else:
        blanks = [{}] * row_formset.extra
        html = (
            grid_row(InitialRow(row_formset.prefix, index, initial, columns), index)
            for index, initial in enumerate([*rows, *blanks])
        )
    return mark_safe("".join(html))  # noqa: S308 - every row comes from format_html


def grid_empty_row(row_formset, *, columns: list[str]) -> SafeString:
    """The blank row the script copies to insert rows (``__prefix__`` becomes its index)."""
    return grid_row(InitialRow(row_formset.prefix, "__prefix__", {}, columns), "__prefix__")
