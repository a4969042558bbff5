"""Which language a reader gets (?lang=, the interface language, fallbacks) and what languages are called."""

import pytest

from responsibilities.reading.languages import (
    MAX_CODE_LENGTH,
    best_match,
    choose_language,
    language_name,
    normalize_code,
    translation_behind,
)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("fr", "fr"),
        ("FR-ca", "fr-ca"),
        ("fr_CA", "fr-ca"),
        (" en-asia ", "en-asia"),
        ("zh-hant-tw", "zh-hant-tw"),
        ("", ""),
        (None, ""),
        (["fr"], ""),
        ("f", ""),
        ("français", ""),
        ("fr--ca", ""),
        ("fr-", ""),
        ("-fr", ""),
        ("<script>", ""),
        ("fr;drop table", ""),
        ("fr\x00", ""),
        ("fr-" + "a" * MAX_CODE_LENGTH, ""),
        ("fr-ca" * 10_000, ""),
        ("fr-abcdefghi", ""),  # a subtag is at most 8 characters
    ],
)
def test_a_code_is_normalised_or_refused(value, code):
    assert normalize_code(value) == code


@pytest.mark.parametrize(
    ("wanted", "available", "match"),
    [
        ("fr", ["en", "fr"], "fr"),
        ("fr-ca", ["en", "fr", "fr-ca"], "fr-ca"),
        ("fr-ca", ["en", "fr"], "fr"),  # fr-ca falls back to fr
        ("fr-ca", ["en", "fr-fr", "fr-be"], "fr-fr"),  # … which takes fr-fr when there is no plain fr
        ("fr", ["en", "fr-fr"], "fr-fr"),
        ("fr", ["en", "fr-be", "fr-ch"], "fr-be"),  # another fr-…: the first given
        ("fr", ["en", "fr-ch", "fr-fr"], "fr-fr"),  # fr-fr before the other variants
        ("fr", ["en", "de"], None),
        ("en", ["en-gb", "fr"], "en-gb"),  # a variant of the source is the source
        ("en-us", ["en-gb", "en-us"], "en-us"),
        ("en-asia", ["en-gb", "en-asia"], "en-asia"),
        ("fr-ca-x-y", ["fr-ca"], "fr-ca"),
        ("f", ["fr"], None),  # a family is a whole subtag
        ("", ["en"], None),
    ],
)
def test_best_match_follows_the_fallbacks(wanted, available, match):
    assert best_match(wanted, available) == match


LANGUAGES = ["en-gb", "de-de", "fr-fr"]  # the source first


def test_lang_in_the_query_string_wins_over_the_interface_language():
    choice = choose_language("de", "fr", LANGUAGES, "en-gb")
    assert (choice.shown, choice.explicit, choice.unavailable, choice.is_source) == ("de-de", True, False, False)
    assert choice.query_value == "de-de"


def test_without_lang_the_interface_language_chooses():
    choice = choose_language(None, "fr", LANGUAGES, "en-gb")
    assert (choice.shown, choice.wanted, choice.explicit) == ("fr-fr", "fr", False)
    assert choice.query_value == ""  # links need not carry it: the interface chooses again


def test_an_interface_language_the_version_lacks_gives_the_source_quietly():
    choice = choose_language(None, "pl", LANGUAGES, "en-gb")
    assert (choice.shown, choice.is_source, choice.unavailable) == ("en-gb", True, False)


def test_an_english_interface_reads_an_english_source_in_another_variant():
    assert choose_language(None, "en", ["en-gb", "fr"], "en-gb").shown == "en-gb"


@pytest.mark.parametrize("asked", ["pl", "", "<b>x</b>", "x" * 100_000, "fr-", "1234"])
def test_a_lang_the_version_lacks_or_that_is_not_a_code_gives_the_source_and_says_so(asked):
    choice = choose_language(asked, "fr", LANGUAGES, "en-gb")
    assert (choice.shown, choice.explicit, choice.unavailable) == ("en-gb", True, True)


def test_a_version_without_translations_is_shown_in_its_source():
    assert choose_language("fr", "fr", [], "en").shown == "en"
    assert choose_language(None, "fr", ["en"], "en").shown == "en"


def test_the_choice_depends_only_on_the_versions_languages_not_on_the_raw_value():
    """However many spellings a query string holds, a page has as many variants as languages."""
    choices = {
        (c.shown, c.unavailable)
        for asked in ["fr", "FR", "fr_FR", "fr-fr", "fr-ca", "fr-be-x", "de", "de-at", "es", "zz", "", "!!"]
        for c in [choose_language(asked, "en", LANGUAGES, "en-gb")]
    }
    assert choices == {("fr-fr", False), ("de-de", False), ("en-gb", True)}


BY_NUMBER = {1: ["en-gb", "fr-fr"], 2: ["en-gb", "fr-fr", "de-de"], 3: ["en-gb"]}


def test_a_translation_behind_names_the_latest_version_it_belongs_to():
    assert translation_behind("fr", 3, "en-gb", BY_NUMBER) == (2, "fr-fr")
    assert translation_behind("de-at", 3, "en-gb", BY_NUMBER) == (2, "de-de")
    assert translation_behind("fr", 2, "en-gb", BY_NUMBER) is None  # version 2 has it


def test_no_translation_is_behind_when_no_earlier_version_has_the_language():
    assert translation_behind("pl", 3, "en-gb", BY_NUMBER) is None
    assert translation_behind("fr", 1, "en-gb", BY_NUMBER) is None
    assert translation_behind("", 3, "en-gb", BY_NUMBER) is None
    assert translation_behind("en", 3, "en-gb", BY_NUMBER) is None  # the source answers it


def test_an_earlier_translation_closer_to_the_wanted_language_than_the_source_is_behind():
    """An en-us reader of an en-gb source gets en-gb, but version 2's en-us translation was closer."""
    by_number = {1: ["en-gb"], 2: ["en-gb", "en-us"], 3: ["en-gb"]}
    assert translation_behind("en-us", 3, "en-gb", by_number) == (2, "en-us")
    assert translation_behind("en", 3, "en-gb", by_number) is None  # en-gb answers en as well as en-us


@pytest.mark.parametrize(
    ("code", "in_language", "name"),
    [
        ("fr", None, "français"),
        ("fr-fr", None, "français (France)"),
        ("fr-ca", "en", "French (Canada)"),
        ("en-gb", "fr", "anglais (Royaume-Uni)"),
        ("de-de", None, "Deutsch (Deutschland)"),
        ("en-asia", "en", "English (Asia)"),  # a region written as a word
        ("en-asia", "fr", "anglais (Asie)"),
        ("zh-hant", "en", "Chinese (Traditional)"),  # a script
        ("qq-yy", "en", "qq (yy)"),  # unknown to CLDR: as written
        ("fr", "qq", "French"),  # in a language CLDR lacks: English
    ],
)
def test_languages_are_named_from_the_cldr(code, in_language, name):
    assert language_name(code, in_language) == name
