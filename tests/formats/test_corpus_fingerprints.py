"""Every corpus page reads to the matrix it read to before the markdown parser changed.

The fingerprints were taken with the line-based reader, before markdown-it-py replaced it: a
reader change that alters what any real page imports as shows up here, page by page. The
trusted-exchange pages were added after that change: their fingerprints are the parser's reading
(the French page's asterisks are emphasis, which the documentation site renders as italics).
"""

import pytest

from responsibilities.formats import markdown
from responsibilities.formats.json_format import fingerprint
from tests.formats.helpers import CORPUS, CORPUS_PAGES, page

FINGERPRINTS = {
    "dedicated-servers/en-gb/2021-12-01.md": "24ed9c6f72e5a492432a54c91b5d2837114c7b911ae412557d2e8c7d8411b01c",
    "dedicated-servers/en-gb/2024-02-29.md": "a5de806ba5abb0a4370f289a57176258e24f0205d1489f67394e99178f380807",
    "dedicated-servers/fr-fr/2021-12-01.md": "1349e4d9359959887f16b9249ec64ed3a0f2d868ed82f6632b3f8ba2d6b56e9b",
    "email-pro/en-gb/2022-11-17-2.md": "efee2d44d8461c8fc18018d1a94f4e3a271e8b8548ac93939ef966480265838b",
    "email-pro/en-gb/2022-11-17-3.md": "8d4ad1e5f1729d36bb12de5918e955890a8e792ae2aa8376477852566e73748f",
    "email-pro/en-gb/2022-11-17.md": "8d4ad1e5f1729d36bb12de5918e955890a8e792ae2aa8376477852566e73748f",
    "hosted-exchange/en-gb/2022-11-15-2.md": "1254c03f582d34d7d72384e65859412889fe21a1717f2ab5c52a1ff04c7b4237",
    "hosted-exchange/en-gb/2022-11-15-3.md": "1254c03f582d34d7d72384e65859412889fe21a1717f2ab5c52a1ff04c7b4237",
    "hosted-exchange/en-gb/2022-11-15-4.md": "ab3578161149eaa8f34834bd9825446957f084cfa857b7aecc6bfade98fd8f0e",
    "hosted-exchange/en-gb/2022-11-15.md": "1254c03f582d34d7d72384e65859412889fe21a1717f2ab5c52a1ff04c7b4237",
    "public-cloud-instances/en-gb/2022-12-22-2.md": "5489b444effbe29e38a2c18da9e914bb533e04da3e28a0c57bcbda5eaa42a2b0",
    "public-cloud-instances/en-gb/2022-12-22.md": "b48068ecbd7bc0a7393505c67bf394e6ff31f48c4d932e85e592a57a7813f710",
    "public-cloud-instances/en-gb/2023-10-12.md": "93a29c91dc046a08d0db6aa96000c86d9a152ce9ac677eb3014ddc5aa0d6e073",
    "trusted-exchange/de-de/2024-07-10.md": "5f79513fe028ad2f2560b4cd16b3ef565dc401f77f155e3a02e6738e02b5eeab",
    "trusted-exchange/en-gb/2024-07-09.md": "19b0034856e8cf121f351201757d37ada120f66cc2a5e8f714b1bf001a2bee63",
    "trusted-exchange/fr-fr/2024-07-10.md": "a13162601eb8bfa848f1e32e919c243524fc601de8db6313259732792bc2e9dd",
    "web-hosting/en-gb/2023-08-28.md": "023aeb275a20e043424af81aa47ee9ebd72024cdd21eedd73b3c9f6058a0dd58",
    "web-hosting/en-gb/2023-08-29.md": "a08a55cad1da71e0033cb70144b6bd813c8d5adcd2fc2ebe2c40f2562edd9a73",
}


@pytest.mark.parametrize(("name", "expected"), sorted(FINGERPRINTS.items()))
def test_every_corpus_page_keeps_its_fingerprint(name, expected):
    assert fingerprint(markdown.read(page(name), filename=name)) == expected


def test_every_page_of_the_corpus_has_its_fingerprint_here():
    pages = {str(path.relative_to(CORPUS)) for path in CORPUS_PAGES}
    assert pages == set(FINGERPRINTS)
