from datetime import date

import pytest

from responsibilities.formats import markdown
from responsibilities.formats.base import MatrixFileError
from tests.formats.helpers import activity, page

EMAIL_FIRST = "Define and configure a domain name before service subscription"
# Counted by hand, table row by table row, once: (page, activities, date, title, parties, first, last)
CORPUS_EXPECTED = [
    ("dedicated-servers/en-gb/2021-12-01.md", 50, date(2021, 12, 1), "RACI Dedicated servers",
     ["Customer", "OVHcloud"], "Choose the location of dedicated servers",
     "Provide a certificate of destruction (upon request)"),
    ("dedicated-servers/en-gb/2024-02-29.md", 52, date(2024, 2, 29), "Dedicated servers - Shared Responsibility",
     ["Customer", "OVHcloud"], "Choose the location of dedicated servers",
     "Provide a certificate of destruction (upon request)"),
    ("dedicated-servers/fr-fr/2021-12-01.md", 50, date(2021, 12, 1), "RACI Serveurs Dédiés",
     ["Client", "OVHcloud"], "Choisir la localisation des serveurs dédiés",
     "Fournir une attestation de destruction (sur demande)"),
    ("email-pro/en-gb/2022-11-17.md", 48, date(2022, 11, 17), "Email Pro - Responsibility model",
     ["Customer", "OVHcloud"], EMAIL_FIRST, "Destroy client's data"),
    ("email-pro/en-gb/2022-11-17-2.md", 48, date(2022, 11, 17), "Email Pro Responsibility model",
     ["Customer", "OVHcloud"], EMAIL_FIRST, "Destroy client's data"),
    ("email-pro/en-gb/2022-11-17-3.md", 48, date(2022, 11, 17), "Email Pro - Responsibility model",
     ["Customer", "OVHcloud"], EMAIL_FIRST, "Destroy client's data"),
    ("hosted-exchange/en-gb/2022-11-15.md", 49, date(2022, 11, 15), "Hosted Exchange - Responsibility model",
     ["Customer", "OVHcloud"], EMAIL_FIRST, "Destroy client's data"),
    ("hosted-exchange/en-gb/2022-11-15-2.md", 49, date(2022, 11, 15), "Hosted Exchange - Responsibility model",
     ["Customer", "OVHcloud"], EMAIL_FIRST, "Destroy client's data"),
    ("hosted-exchange/en-gb/2022-11-15-3.md", 49, date(2022, 11, 15), "Hosted Exchange - Responsibility model",
     ["Customer", "OVHcloud"], EMAIL_FIRST, "Destroy client's data"),
    ("hosted-exchange/en-gb/2022-11-15-4.md", 49, date(2022, 11, 15), "Hosted Exchange Responsibility model",
     ["Customer", "OVHcloud"], EMAIL_FIRST, "Destroy client's data"),
    ("public-cloud-instances/en-gb/2022-12-22.md", 57, date(2022, 12, 22),
     "Public Cloud Instances - Shared responsibilities", ["Customer", "OVHcloud"],
     "Choose the Instance scale following business needs (CPU, RAM, General Purpose ...)",
     "Destroy end-of-life storage devices"),
    ("public-cloud-instances/en-gb/2022-12-22-2.md", 57, date(2022, 12, 22), "RACI for Public Cloud Instances",
     ["Customer", "OVHcloud"], "Choose the Instance scale following business needs (CPU, RAM, General Purpose ...)",
     "Destroy end-of-life storage devices"),
    ("public-cloud-instances/en-gb/2023-10-12.md", 58, date(2023, 10, 12),
     "Public Cloud Instances - Shared responsibilities", ["Customer", "OVHcloud"],
     "Choose the Instance scale following business needs (CPU, RAM, General Purpose ...)",
     "Destroy end-of-life storage devices"),
    ("web-hosting/en-gb/2023-08-28.md", 57, date(2023, 8, 28), "Responsibility sharing for Web hosting service",
     ["Customer", "OVHcloud"], "Choose the adapted service for your usages", "Destroy metadata"),
    ("web-hosting/en-gb/2023-08-29.md", 57, date(2023, 8, 29), "Responsibility sharing for the Web Hosting service",
     ["Customer", "OVHcloud"], "Choose the adapted service for your usages", "Destroy metadata"),
    ("trusted-exchange/en-gb/2024-07-09.md", 44, date(2024, 7, 9),
     "Responsibility model for the product Managed Dedicated E-mail Infrastructure", ["Customer", "OVHcloud"],
     "Learn about capabilities and limitations of the service (documentation, T&C)", "Destroy client's data"),
    ("trusted-exchange/de-de/2024-07-10.md", 44, date(2024, 7, 10),
     "Responsibility model for the product Managed Dedicated E-mail Infrastructure (EN)", ["Customer", "OVHcloud"],
     "Learn about capabilities and limitations of the service (documentation, T&C)", "Destroy client's data"),
    ("trusted-exchange/fr-fr/2024-07-10.md", 44, date(2024, 7, 10),
     "Partage de responsabilité du produit infrastructure de messagerie dédiée managée", ["Client", "OVHcloud"],
     "Se rensigner sur les capacités et les limites du service (documentation, conditions d'utilisation)",
     "Effacer les données du client"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "count", "updated", "title", "parties", "first", "last"), CORPUS_EXPECTED)
def test_read_imports_every_corpus_page_faithfully(name, count, updated, title, parties, first, last):
    matrix = markdown.read(page(name), filename=name)

    texts = [a.text for _, a in matrix.activities()]
    assert len(texts) == count
    assert (matrix.last_updated, matrix.title, matrix.parties) == (updated, title, parties)
    assert (texts[0], texts[-1]) == (first, last)
    assert [number for number, _ in matrix.walk()][:3] == [(1,), (1, 1), (2,)]


def test_read_keeps_the_section_tree_of_email_pro():
    matrix = markdown.read(page("email-pro/en-gb/2022-11-17.md"))

    sections = {number: section for number, section in matrix.walk()}
    assert [s.title for s in matrix.sections] == [
        "Before subscription", "Service availability", "Service usage", "Reverting", "End of service"
    ]  # fmt: skip
    assert sections[(3, 1, 1)].title == "Daily operations"
    assert len(sections[(3, 1, 1)].activities) == 9
    assert sections[(3, 2, 2)].title == "Changes"
    assert [a.text for a in sections[(5, 2)].activities] == ["Destroy client's data"]


def test_read_normalises_letter_order_and_says_so():
    matrix = markdown.read(page("email-pro/en-gb/2022-11-17.md"))

    row = activity(matrix, "Administrate the service infrastructure (servers, OS, antivirus, storage)")
    assert row.cells == {"Customer": "RA", "OVHcloud": "RI"}
    assert "2 cells written in another order or spelling were normalised (IR → RI)" in matrix.warnings


def test_read_keeps_rows_that_break_the_a_r_rule_as_written():
    dedicated = markdown.read(page("dedicated-servers/en-gb/2021-12-01.md"))
    web = markdown.read(page("web-hosting/en-gb/2023-08-28.md"))
    email = markdown.read(page("email-pro/en-gb/2022-11-17.md"))

    two_as = activity(dedicated, "Handle hardware and network incidents (tickets and telephone contacts)")
    assert two_as.cells == {"Customer": "AI", "OVHcloud": "RA"}
    assert activity(dedicated, "Monitor physical resource performance").cells == {"Customer": "RA", "OVHcloud": "R"}
    assert activity(web, "Install with 1-click module your web application").cells == {"Customer": "A", "OVHcloud": "R"}
    assert activity(email, "Manage access to control plane").cells == {"Customer": "A", "OVHcloud": "RI"}


def test_read_copes_with_stray_spaces_and_empty_cells():
    matrix = markdown.read(page("public-cloud-instances/en-gb/2022-12-22.md"))

    row = activity(matrix, "Manage data security hosted on the service (confidentiality, integrity, backups, …)")
    assert row.cells == {"Customer": "RA", "OVHcloud": ""}
    email = markdown.read(page("email-pro/en-gb/2022-11-17.md"))  # whitespace-only line before a table
    assert activity(email, "Manage hardware sizing on the service").cells == {"Customer": "", "OVHcloud": "RA"}


def test_read_keeps_a_section_whose_table_is_empty():
    matrix = markdown.read(page("dedicated-servers/fr-fr/2021-12-01.md"))

    sections = dict(matrix.walk())
    assert sections[(2, 2)].title == "Modèle de réversibilité"
    assert sections[(2, 2)].activities == []
    assert activity(matrix, "Installer l'OS").cells == {"Client": "RA", "OVHcloud": "RI"}


def test_read_nests_by_the_number_when_the_heading_level_disagrees():
    matrix = markdown.read(page("dedicated-servers/fr-fr/2021-12-01.md"))

    sections = dict(matrix.walk())
    assert sections[(3, 2, 2)].title == "Changements"  # written "#### **3.2.2. Changements**"
    assert any("heading 3.2.2. is written at its parent's level" in w for w in matrix.warnings)


def test_read_takes_the_date_from_the_body_when_front_matter_has_none():
    assert markdown.read(page("dedicated-servers/en-gb/2021-12-01.md")).last_updated == date(2021, 12, 1)
    assert markdown.read(page("public-cloud-instances/en-gb/2022-12-22-2.md")).last_updated == date(2022, 12, 22)


def test_read_introduction_is_plain_prose_without_date_headings_or_legend():
    matrix = markdown.read(page("email-pro/en-gb/2022-11-17.md"))

    assert matrix.introduction.startswith("The Email Pro service is a Microsoft Exchange email solution")
    assert matrix.introduction.endswith("This shared model can help relieve the customer’s operational burden.")
    assert "\n\nThe RACI below" in matrix.introduction
    assert "Last updated" not in matrix.introduction
    assert "RACI definition" not in matrix.introduction
    assert "Accountable" not in matrix.introduction


def test_read_ignores_the_go_further_part():
    matrix = markdown.read(page("email-pro/en-gb/2022-11-17.md"))

    assert "documentation" not in " ".join(a.text for _, a in matrix.activities())
    assert "community" not in matrix.introduction


def doc(body: str, front: str = "title: Test page\n") -> bytes:
    return f"---\n{front}---\n\n{body}".encode()


TABLE = "| **Activity** | **Customer** | **OVHcloud** |\n| --- | --- | --- |\n"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("**Last updated 17th November 2022**", date(2022, 11, 17)),
        ("Last updated December 1st, 2021", date(2021, 12, 1)),
        ("**Last update 22/12/2022**", date(2022, 12, 22)),
        ("last update on the 07/03/2023", date(2023, 3, 7)),
        ("**Dernière mise à jour le 1er décembre 2021**", date(2021, 12, 1)),
    ],
)
def test_read_understands_every_way_pages_write_their_date(line, expected):
    matrix = markdown.read(doc(f"{line}\n\n### 1. One\n\n{TABLE}| Do | RA | I |\n"))

    assert matrix.last_updated == expected
    assert matrix.introduction == ""


def test_read_prefers_the_front_matter_date_and_warns():
    data = doc("**Last updated 1st March 2020**\n\n### 1. One\n\n" + TABLE, "title: T\nupdated: '2021-05-04'\n")

    matrix = markdown.read(data)

    assert matrix.last_updated == date(2021, 5, 4)
    assert any("2020-03-01" in w and "front matter date was kept" in w for w in matrix.warnings)


def test_read_pads_short_rows_with_a_warning():
    matrix = markdown.read(doc(f"### 1. One\n\n{TABLE}| Do this | RA |\n"))

    assert activity(matrix, "Do this").cells == {"Customer": "RA", "OVHcloud": ""}
    assert "line 9: row had 2 cells, padded to 3" in matrix.warnings


def test_read_places_a_section_without_parent_and_warns():
    matrix = markdown.read(doc(f"### 1. One\n\n##### 1.1.1. Deep\n\n{TABLE}| Do | RA | I |\n### 3. Three\n"))

    assert [(n, s.title) for n, s in matrix.walk()] == [((1,), "One"), ((1, 1), "Deep"), ((2,), "Three")]
    assert any("has no parent section 1.1." in w for w in matrix.warnings)
    assert any("section numbered 3. is section 2." in w for w in matrix.warnings)


def test_read_keeps_the_visible_text_of_links_and_markup():
    body = "See [our guide](https://example.com/x) and <https://ovh.com>.\n\n### 1. **One**\n\n" + TABLE
    body += "| Check \\| the *docs* [here](/x)<br>then &amp; go | r/a | i |\n"

    matrix = markdown.read(doc(body))

    assert matrix.introduction == "See our guide and https://ovh.com."
    assert activity(matrix, "Check | the docs here\nthen & go").cells == {"Customer": "RA", "OVHcloud": "I"}


def test_read_rejects_a_table_whose_parties_differ_naming_the_line():
    body = f"### 1. One\n\n{TABLE}| Do | RA | I |\n\n### 2. Two\n\n"
    body += "| Activity | Client | OVHcloud |\n| --- | --- | --- |\n"

    with pytest.raises(MatrixFileError) as error:
        markdown.read(doc(body), filename="page.md")

    assert str(error.value).startswith("page.md, line 13: this table's parties (Client, OVHcloud) differ")


def test_read_reports_every_unknown_letter_with_line_and_column():
    body = f"### 1. One\n\n{TABLE}| Do | RX | I |\n| Again | R | Q |\n"

    with pytest.raises(MatrixFileError) as error:
        markdown.read(doc(body), filename="page.md")

    assert [str(p) for p in error.value.problems] == [
        "page.md, line 9, column “Customer”: “RX” is not a set of R/A/C/I letters (unexpected: X)",
        "page.md, line 10, column “OVHcloud”: “Q” is not a set of R/A/C/I letters (unexpected: Q)",
    ]


def test_read_rejects_a_row_longer_than_its_table():
    with pytest.raises(MatrixFileError, match=r"p.md, line 9: the row has 4 cells but the table has 3 columns"):
        markdown.read(doc(f"### 1. One\n\n{TABLE}| Do | RA | I | C |\n"), filename="p.md")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "p.md: the file is empty"),
        (b"   \n\n", "p.md: the file is empty"),
        (b"caf\xe9 | RA", "p.md, line 1: the text is not UTF-8"),
        (b"PK\x03\x04\x00\x00binary", "p.md: this is a binary file, not text"),
        (b"# Just a title\n\nSome prose.\n", "p.md, line 4: no RACI table"),
    ],
)
def test_read_rejects_what_is_not_a_page(data, message):
    with pytest.raises(MatrixFileError) as error:
        markdown.read(data, filename="p.md")

    assert str(error.value).startswith(message)


def test_read_accepts_a_utf8_byte_order_mark():
    matrix = markdown.read(b"\xef\xbb\xbf" + doc(f"### 1. One\n\n{TABLE}| Do | RA | I |\n"))

    assert matrix.title == "Test page"


def test_write_produces_the_documentation_layout():
    matrix = markdown.read(page("email-pro/en-gb/2022-11-17.md"))

    text = markdown.write(matrix).decode()

    assert text.startswith('---\ntitle: "Email Pro - Responsibility model"\nupdated: 2022-11-17\n---\n')
    assert "**Last updated 17th November 2022**" in text
    assert "| R: Is in charge of carrying out the process |" in text
    assert "\n### 1. Before subscription\n" in text
    assert "\n##### 3.1.1. Daily operations\n" in text
    assert "| Administrate domain, mailboxes, aliases, external contacts | RA | RI |" in text


def test_write_escapes_text_that_markdown_would_interpret():
    matrix = markdown.read(doc(f"### 1. One\n\n{TABLE}| x | RA | I |\n"))
    row = matrix.sections[0].activities[0]
    row.text = "a|b *c* [d](e) <b>f</b> \\ #g\nh &amp; "

    again = markdown.read(markdown.write(matrix))

    assert again.sections[0].activities[0].text == row.text
    assert "&lt;b&gt;f&lt;/b&gt;" in markdown.write(matrix).decode()


def test_read_understands_bold_around_the_number_only():
    matrix = markdown.read(doc(f"### 1. One\n\n##### **1.1.** Daily operations\n\n{TABLE}| Do | RA | I |\n"))

    assert [(n, s.title) for n, s in matrix.walk()] == [((1,), "One"), ((1, 1), "Daily operations")]
    assert matrix.activity_count() == 1


def test_read_warns_about_an_activity_table_under_an_unnumbered_heading():
    body = f"### 1. One\n\n{TABLE}| Do | RA | I |\n\n## Annex\n\n{TABLE}| Forgotten | RA | I |\n"

    matrix = markdown.read(doc(body))

    assert matrix.activity_count() == 1
    assert any("under the unnumbered heading “Annex” and was not imported" in w for w in matrix.warnings)
