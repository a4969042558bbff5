"""The Django admin, one module per concern.

| module | holds |
| --- | --- |
| ``permissions`` | who may touch which service: ``require_service_editor``, ``ServiceEditorsOnlyMixin`` |
| ``forbidden`` | the 403 page inside the admin (``handler403``): the reason and links back |
| ``filters`` | list filters on what the user edits: product family, "Services I edit" |
| ``service_admin`` | the service list and page (``ServiceAdmin``), and the URLs of the workflow steps |
| ``workflow`` | start a draft, publish, discard (POST-only; call ``responsibilities.services``) |
| ``grid`` / ``grid_forms`` / ``grid_render`` | the grid editor, its formsets, its rows as HTML; two-tab conflicts |
| ``transfer`` | import a file (upload, dry-run preview, confirm) and export any version |
| ``versions`` | read-only matrix versions, with their translations |
| ``translations`` | each version's translations (rows covered, out of date), the translation editor, publish |
| ``translation_upload`` | import a translated page into a version (upload, preview with disagreements, confirm) |
| ``audit`` | the read-only audit trail, each entry in sentences cell by cell (``entry_html``) |
| ``tokens`` | API tokens: each staff user manages their own (superusers, everyone's) |
| ``throttling`` | login throttling (django-axes): the client's address, the lockout page |
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import audit, service_admin, tokens, translations, versions  # noqa: F401 - registers the model admins
from .permissions import require_service_editor  # noqa: F401 - for the import/export views

admin.site.empty_value_display = _("—")
