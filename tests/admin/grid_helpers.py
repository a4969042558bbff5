"""Fill in the grid editor like a browser without JavaScript would."""

from django.urls import reverse


def grid_url(service) -> str:
    return reverse("admin:responsibilities_service_grid", args=[service.pk])


def grid_form_data(response) -> dict[str, str]:
    """Every field of the grid page as the browser would submit it untouched."""
    context = response.context
    data = {}
    for formset in (context["party_formset"], context["row_formset"]):
        for field in formset.management_form:
            data[field.html_name] = str(field.value())
        for form in formset.forms:
            for field in form:
                value = field.value()
                if field.name == "DELETE":
                    if value:
                        data[field.html_name] = "on"
                    continue
                data[field.html_name] = "" if value is None else str(value)
    for field in context["meta_form"]:
        data[field.html_name] = "" if field.value() is None else str(field.value())
    return data


def row_index(response, text: str) -> int:
    """The form index of the row whose text is ``text``."""
    for index, form in enumerate(response.context["row_formset"].forms):
        if form.initial.get("text") == text:
            return index
    raise AssertionError(f"no row {text!r} in the grid")


def first_blank_row(response) -> int:
    for index, form in enumerate(response.context["row_formset"].forms):
        if not form.initial:
            return index
    raise AssertionError("no blank row in the grid")


def column_index(response, name: str) -> int:
    for index, form in enumerate(response.context["party_formset"].forms):
        if form.initial.get("name") == name:
            return index
    raise AssertionError(f"no column {name!r}")
