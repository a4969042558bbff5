"""Who the customer is, decided once: the same column for the reader's question, the catalogue and the diff."""

import pytest
from django.core.exceptions import ValidationError

from responsibilities.diff import TO_CUSTOMER, version_diff
from responsibilities.formats.matrix import Matrix, MatrixActivity, MatrixSection
from responsibilities.parties import customer_index, customer_party, is_customer, party_slugs
from tests.factories import ServiceFactory, make_version


@pytest.mark.parametrize(
    ("parties", "expected"),
    [
        (["Customer", "OVHcloud"], "Customer"),
        (["OVHcloud", "Customers"], "Customers"),
        (["OVHcloud", "Client"], "Client"),
        (["Fournisseur", "Clients"], "Clients"),
        (["Acme", "OVHcloud"], "Acme"),  # nobody named so: the first column
        ([], None),
    ],
)
def test_the_customer_is_the_column_named_so_else_the_first(parties, expected):
    assert customer_party(parties) == expected
    assert customer_index(parties) == (parties.index(expected) if expected else None)


def test_a_name_is_the_customer_whatever_its_case_or_accents():
    assert is_customer("CUSTOMERS") and is_customer("  client ") and not is_customer("Customer success team")


def test_two_names_with_one_slug_are_refused():
    assert party_slugs(["Customer", "OVHcloud"]) == ["customer", "ovhcloud"]
    with pytest.raises(ValidationError, match="Two party columns are both called “customer”"):
        party_slugs(["Customer", "customer"])


def _matrix(customer_letters="R", provider_letters="A"):
    row = MatrixActivity(
        text="Back up the mailboxes", cells={"OVHcloud": provider_letters, "Customers": customer_letters}
    )
    return Matrix(parties=["OVHcloud", "Customers"], sections=[MatrixSection("Operations", [row])], title="Backups")


@pytest.mark.django_db
def test_a_customers_column_is_the_customer_for_the_question_the_catalogue_and_the_shifts(client):
    version = make_version(
        service=ServiceFactory(slug="backups"), matrix=_matrix(customer_letters="RA", provider_letters="")
    )

    page = client.get("/services/backups/").content.decode()
    catalogue = client.get("/").content.decode()
    shifts = version_diff(_matrix(customer_letters="", provider_letters="RA"), _matrix("RA", "")).shifts

    assert "?party=customers&amp;letter=R" in page and "(activities where Customers is R, Responsible)" in page
    assert '<a href="/services/backups/?party=customers&amp;letter=R">Customers: R for 1 activity</a>' in catalogue
    assert {(shift.letter, shift.direction) for _, shift in shifts} == {("R", TO_CUSTOMER), ("A", TO_CUSTOMER)}
    assert version.parties.get(slug="customers").name == "Customers"
