"""The service's admin form: the source language written as file names write it, English when left empty."""

from django import forms

from ..models import Service
from ..translations.languages import DEFAULT_SOURCE_LANGUAGE, normalize_language


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ["name", "slug", "family", "description", "source_language"]  # the admin adds its fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "source_language" in self.fields:
            self.fields["source_language"].required = False

    def clean_source_language(self):
        """``fr_FR`` is ``fr-fr``; a code that is not one is refused naming it."""
        return normalize_language(self.cleaned_data.get("source_language") or DEFAULT_SOURCE_LANGUAGE)
