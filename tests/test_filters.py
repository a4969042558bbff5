"""Filters: the matrix criteria on rows in memory, the section pruning, the catalogue FilterSet."""

import pytest
from django.http import QueryDict

from responsibilities.filters import MatrixCriteria, MatrixFilter, ServiceFilter, customer_party, filter_blocks
from responsibilities.models import Party, Service
from responsibilities.reading.blocks import matrix_blocks
from tests.email_pro import CUSTOMER_R, email_pro_matrix
from tests.factories import ServiceFactory, make_version, sample_matrix


def texts(blocks):
    return [row.activity.text for block in blocks for row in block.rows]


def labels(blocks):
    return [block.label for block in blocks]


def test_no_criteria_keeps_every_block_as_it_is():
    blocks = matrix_blocks(email_pro_matrix())
    assert filter_blocks(blocks, MatrixCriteria()) is blocks


def test_party_and_letter_keep_the_rows_where_that_party_holds_the_letter():
    blocks = filter_blocks(matrix_blocks(email_pro_matrix()), MatrixCriteria(party_index=0, letter="R"))
    assert texts(blocks) == CUSTOMER_R


def test_sections_keep_their_numbers_and_empty_ones_disappear():
    blocks = filter_blocks(
        matrix_blocks(email_pro_matrix()), MatrixCriteria(party_index=0, letter="A", words=("control",))
    )
    assert texts(blocks) == ["Manage access to control plane"]
    # The row's own section and its ancestors stay as headings; the rest go.
    assert labels(blocks) == ["3.", "3.1.", "3.1.2."]


def test_a_parent_with_no_rows_of_its_own_stays_when_a_later_child_matches():
    blocks = filter_blocks(matrix_blocks(email_pro_matrix()), MatrixCriteria(words=("ticketing",)))
    assert labels(blocks) == ["3.", "3.2."]


def test_party_without_letter_keeps_rows_where_the_party_has_any_role():
    blocks = filter_blocks(matrix_blocks(email_pro_matrix()), MatrixCriteria(party_index=1))
    assert "Define and configure a domain name before service subscription" not in texts(blocks)
    assert len(texts(blocks)) == 12


def test_letter_without_party_keeps_rows_where_any_party_holds_it():
    blocks = filter_blocks(matrix_blocks(email_pro_matrix()), MatrixCriteria(letter="I"))
    assert "Choose service location in EU" in texts(blocks)
    assert "Manage backups on the service" not in texts(blocks)


def test_words_all_match_case_insensitively_in_any_script():
    matrix = sample_matrix(2)
    matrix.sections[0].children[0].activities[0].text = "Définir la SÉCURITÉ du réseau"
    blocks = matrix_blocks(matrix)
    assert texts(filter_blocks(blocks, MatrixCriteria(words=("sécurité", "réseau")))) == [
        "Définir la SÉCURITÉ du réseau"
    ]
    assert texts(filter_blocks(blocks, MatrixCriteria(words=("sécurité", "absent")))) == []


def test_nothing_matching_leaves_no_block():
    assert filter_blocks(matrix_blocks(email_pro_matrix()), MatrixCriteria(words=("zzz",))) == []


def _parties(*pairs):
    return [Party(name=name, slug=slug, order=index) for index, (name, slug) in enumerate(pairs)]


def test_matrix_filter_turns_the_query_string_into_criteria():
    parties = _parties(("Customer", "customer"), ("OVHcloud", "ovhcloud"))
    matrix_filter = MatrixFilter(QueryDict("party=ovhcloud&letter=R&q=Backup  Service"), parties=parties)
    assert matrix_filter.criteria == MatrixCriteria(party_index=1, letter="R", words=("backup", "service"))
    assert not matrix_filter.form.errors


def test_matrix_filter_accepts_hand_typed_case():
    parties = _parties(("Customer", "customer"), ("OVHcloud", "ovhcloud"))
    matrix_filter = MatrixFilter(QueryDict("party=Customer&letter=r"), parties=parties)
    assert matrix_filter.criteria == MatrixCriteria(party_index=0, letter="R")


def test_matrix_filter_reports_an_unknown_party_or_letter_and_ignores_them():
    parties = _parties(("Customer", "customer"))
    matrix_filter = MatrixFilter(QueryDict("party=nobody&letter=X&q=mail"), parties=parties)
    assert matrix_filter.criteria == MatrixCriteria(words=("mail",))
    assert "no party “nobody”" in str(matrix_filter.form.errors["party"])
    assert "“X” is not a RACI letter" in str(matrix_filter.form.errors["letter"])


@pytest.mark.parametrize(
    ("slugs", "expected"),
    [(["ovhcloud", "customer"], "customer"), (["client", "ovhcloud"], "client"), (["acme", "ovhcloud"], "acme")],
)
def test_customer_party_is_customer_or_client_else_the_first(slugs, expected):
    assert customer_party(_parties(*[(slug.title(), slug) for slug in slugs])).slug == expected


def test_customer_party_of_no_party_is_none():
    assert customer_party([]) is None


@pytest.mark.django_db
def test_service_filter_by_family_offers_only_families_of_listed_services():
    make_version(service=ServiceFactory(name="Email Pro", family="Web Cloud"))
    make_version(service=ServiceFactory(name="Dedicated Servers", family="Bare Metal Cloud"))
    ServiceFactory(name="Hidden", family="Secret Family")
    service_filter = ServiceFilter(QueryDict("family=Bare Metal Cloud"), queryset=Service.objects.listed())
    assert [name for name, _ in service_filter.form.fields["family"].choices][1:] == ["Bare Metal Cloud", "Web Cloud"]
    assert [service.name for service in service_filter.qs] == ["Dedicated Servers"]


@pytest.mark.django_db
def test_service_filter_words_search_names_descriptions_and_current_activities():
    old = ServiceFactory(name="Email Pro", description="Exchange email")
    make_version(service=old, matrix=sample_matrix(3))
    make_version(service=old, matrix=email_pro_matrix())  # the current version mentions Thunderbird
    other = make_version(service=ServiceFactory(name="Web Hosting"), matrix=sample_matrix(3)).service

    def found(query):
        return {s.name for s in ServiceFilter(QueryDict(query), queryset=Service.objects.listed()).qs}

    assert found("q=thunderbird") == {"Email Pro"}
    assert found("q=EXCHANGE+email") == {"Email Pro"}  # description, case-insensitive, every word
    assert found("q=hosting") == {other.name}
    assert found("q=activity+number") == {other.name}  # only the current version's rows count
    assert found("q=thunderbird+hosting") == set()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_catalogue_offers_each_family_once_however_many_services_it_has(client, language):
    # Services named so that ordering by name interleaves the families (a distinct() under the
    # model's ordering by name would keep one "Web Cloud" per service).
    for name, family in [("Email Pro", "Web Cloud"), ("Hosted Exchange", "Web Cloud"), ("Web Hosting", "Web Cloud")]:
        make_version(service=ServiceFactory(name=name, family=family))
    make_version(service=ServiceFactory(name="Dedicated Servers", family="Bare Metal Cloud"))

    body = client.get("/", headers={"accept-language": language}).content.decode()

    assert body.count('<option value="Web Cloud"') == 1
    assert body.count('<option value="Bare Metal Cloud"') == 1
