"""The grid editor's forms: one formset of party columns, one of rows (section headers and activities).

Rows form a flat list in reading order, so the editor works without JavaScript: each row has an
order number, section rows have a level (1 for "3.", 2 for "3.1."...), and an activity belongs
to the section row above it. ``grid_matrix`` turns valid forms back into a plain ``Matrix``.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..formats.matrix import Matrix, MatrixActivity, MatrixSection, section_label
from ..letters import LettersError, normalize_letters, rule_problems
from ..models import Section

SECTION, ACTIVITY = "section", "activity"
MAX_LEVEL = 6
ORDER_STEP = 10
SECTION_TITLE_MAX = Section._meta.get_field(
    "title"
).max_length  # rows are numbered 10, 20, 30… so a row can be slotted in between by hand


class MatrixMetaForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    introduction = forms.CharField(label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    revision = forms.CharField(widget=forms.HiddenInput, required=False)


class PartyColumnForm(forms.Form):
    name = forms.CharField(label=_("Column"), max_length=100, required=False)


class GridRowForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[(ACTIVITY, _("Activity")), (SECTION, _("Section"))], initial=ACTIVITY
    )
    level = forms.IntegerField(label=_("Level"), min_value=1, max_value=MAX_LEVEL, required=False)
    text = forms.CharField(label=_("Text"), required=False)
    key = forms.CharField(required=False, max_length=36, widget=forms.HiddenInput)

    def __init__(self, *args, columns: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = columns
        for index, column in enumerate(columns):
            self.fields[f"c{index}"] = forms.CharField(label=column, required=False, max_length=20)

    def cell_fields(self):
        return [self[f"c{index}"] for index in range(len(self.columns))]

    @property
    def is_section(self) -> bool:
        return (self["kind"].value() or ACTIVITY) == SECTION

    def submitted_problems(self) -> list[str]:
        """The A/R problems of the row as submitted (before validation), so a grid sent back with
        errors says what is on screen: a cell with a wrong letter counts as empty (its own error
        says why), a deleted, blank or section row has none."""
        if self.is_section or self["DELETE"].value() or not (self["text"].value() or "").strip():
            return []
        cells = {}
        for index, column in enumerate(self.columns):
            try:
                cells[column] = normalize_letters(self[f"c{index}"].value())
            except LettersError:
                cells[column] = ""
        return rule_problems(cells)

    def describe(self) -> str:
        label = self.initial.get("label", "")
        text = (self["text"].value() or "").strip()
        return f"{label} “{text[:60]}”".strip() if text else (label or _("new row"))

    def clean(self):
        data = super().clean()
        if self.cleaned_data.get("DELETE"):
            return data
        if not (data.get("text") or "").strip():
            self.add_error("text", _("Row %(row)s needs a text (or tick Delete).") % {"row": self.describe()})
        if data.get("kind") == SECTION:
            if not data.get("level"):
                self.add_error("level", _("Section %(row)s needs a level (1, 2, 3…).") % {"row": self.describe()})
            if len((data.get("text") or "").strip()) > SECTION_TITLE_MAX:
                self.add_error(
                    "text", _("Section titles are at most %(max)d characters long.") % {"max": SECTION_TITLE_MAX}
                )
            if any(data.get(f"c{index}") for index in range(len(self.columns))):
                self.add_error(
                    "kind", _("Row %(row)s is a section: sections hold no letters.") % {"row": self.describe()}
                )
        for index, column in enumerate(self.columns):
            name = f"c{index}"
            try:
                data[name] = normalize_letters(data.get(name))
            except LettersError as error:
                self.add_error(
                    name,
                    _("Row %(row)s, column %(column)s: %(error)s")
                    % {"row": self.describe(), "column": column, "error": error},
                )
        return data


PartyFormSet = forms.formset_factory(PartyColumnForm, extra=1, can_order=True, can_delete=True)
#: Rows (sections + activities) one grid can hold; settings.DATA_UPLOAD_MAX_NUMBER_FIELDS must follow.
MAX_ROWS = 3000
RowFormSet = forms.formset_factory(
    GridRowForm, extra=3, can_order=True, can_delete=True, max_num=MAX_ROWS, absolute_max=MAX_ROWS
)


def grid_initial(matrix: Matrix) -> tuple[dict, list[dict], list[dict]]:
    """Initial data for the three forms, from a draft's matrix; rows carry their A/R problems."""
    meta = {"title": matrix.title, "introduction": matrix.introduction}
    parties = [{"name": name, "ORDER": index + 1} for index, name in enumerate(matrix.parties)]
    rows = []
    for number, section in matrix.walk():
        rows.append({"kind": SECTION, "level": len(number), "text": section.title, "label": section_label(number)})
        for position, activity in enumerate(section.activities, start=1):
            row = {"kind": ACTIVITY, "text": activity.text, "key": activity.key}
            row["label"] = f"{section_label(number)}{position}"
            row.update({f"c{index}": activity.cells.get(party, "") for index, party in enumerate(matrix.parties)})
            row["problems"] = rule_problems(activity.cells)
            rows.append(row)
    for index, row in enumerate(rows, start=1):
        row["ORDER"] = index * ORDER_STEP
    return meta, parties, rows


def column_names(data, prefix: str, total: int) -> list[str]:
    """The column headers as submitted (before validation), to name cells in error messages."""
    names = []
    for index in range(total):
        name = (data.get(f"{prefix}-{index}-name") or "").strip()
        names.append(name or _("new column %(n)d") % {"n": index + 1})
    return names


def _sorted_forms(formset) -> list[tuple[int, forms.Form]]:
    """The forms in use (existing or filled in), by order number; rows without one go last."""
    used = [(index, form) for index, form in enumerate(formset.forms) if form.initial or form.has_changed()]
    return sorted(
        used,
        key=lambda pair: (
            pair[1].cleaned_data.get("ORDER") is None,
            pair[1].cleaned_data.get("ORDER") or 0,
            pair[0],
        ),
    )


def grid_matrix(*, meta_form, party_formset, row_formset) -> Matrix:
    """Build the edited matrix from valid forms, or raise ValidationError naming the rows at fault."""
    errors = []
    columns: list[tuple[int, str]] = []
    seen = set()
    for index, form in _sorted_forms(party_formset):
        name = (form.cleaned_data.get("name") or "").strip()
        if form.cleaned_data.get("DELETE"):
            continue
        if not name:
            if form.initial:
                errors.append(_("Column %(n)d needs a name (or tick Delete).") % {"n": index + 1})
            continue
        if name.casefold() in seen:
            errors.append(_("Two columns are both called “%(name)s”.") % {"name": name})
        seen.add(name.casefold())
        columns.append((index, name))
    kept = {index for index, _name in columns}

    sections: list[MatrixSection] = []
    stack: list[MatrixSection] = []
    skip_below: int | None = None  # level of a deleted section whose contents go with it
    for _index, form in _sorted_forms(row_formset):
        data = form.cleaned_data
        is_section = data.get("kind") == SECTION
        level = data.get("level") or 1
        if skip_below is not None:
            if not is_section or level > skip_below:
                continue
            skip_below = None
        if data.get("DELETE"):
            if is_section:
                skip_below = level
            continue
        text = data["text"].strip()
        if is_section:
            if level > len(stack) + 1:
                errors.append(
                    _("Section “%(title)s” is at level %(level)d but has no level-%(parent)d section above it.")
                    % {"title": text, "level": level, "parent": level - 1}
                )
                continue
            del stack[level - 1 :]
            section = MatrixSection(title=text)
            (stack[-1].children if stack else sections).append(section)
            stack.append(section)
            continue
        stray = [column for index, column in enumerate(form.columns) if data.get(f"c{index}") and index not in kept]
        if stray:
            errors.append(
                _("Row %(row)s has letters in a column without a name: %(columns)s.")
                % {"row": form.describe(), "columns": ", ".join(stray)}
            )
        if not stack:
            errors.append(
                _("Activity “%(text)s” comes before any section: give it an order number after a section row.")
                % {"text": text}
            )
            continue
        cells = {name: data.get(f"c{index}", "") for index, name in columns}
        stack[-1].activities.append(MatrixActivity(text=text, cells=cells, key=data.get("key") or ""))
    if errors:
        raise ValidationError(errors)
    return Matrix(
        parties=[name for _index, name in columns],
        sections=sections,
        title=meta_form.cleaned_data["title"].strip(),
        introduction=meta_form.cleaned_data.get("introduction", "").strip(),
    )
