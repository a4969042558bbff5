"""The parties of a matrix: which column is the customer, and the slugs filter URLs use.

The one home of "who is the customer": the "What am I responsible for?" link, the catalogue's
counts and the diff's responsibility shifts all ask here, so a column named "Customers" is the
customer everywhere or nowhere. Pure functions, no database.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

#: Slugs of the column a customer reads as "me" (English and French pages, singular or plural).
CUSTOMER_SLUGS = ("customer", "customers", "client", "clients")


def party_slug(name: str) -> str:
    """The slug of a party name in filter URLs (``?party=customer``)."""
    return slugify(name) or "party"


def party_slugs(names: Sequence[str]) -> list[str]:
    """Slug each party name; two names with one slug is an error (their filters would be one)."""
    slugs = []
    for name in names:
        slug = party_slug(name)
        if slug in slugs:
            raise ValidationError(
                _("Two party columns are both called “%(name)s” (or differ only in case or accents).") % {"name": name}
            )
        slugs.append(slug)
    return slugs


def is_customer(name: str) -> bool:
    """Whether a column with this name is the customer's."""
    return party_slug(name) in CUSTOMER_SLUGS


def customer_index(names: Sequence[str]) -> int | None:
    """The position of the customer's column: the first named like the customer, else the first one."""
    for index, name in enumerate(names):
        if is_customer(name):
            return index
    return 0 if names else None


def customer_party(names: Sequence[str]) -> str | None:
    """The name of the customer's column (see ``customer_index``), or None without parties."""
    index = customer_index(names)
    return None if index is None else names[index]
