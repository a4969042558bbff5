"""The letters' one home: canonical spelling, names in the reader's language, the A/R rule."""

import pytest
from django.utils import translation

from responsibilities.letters import (
    CANONICAL_ORDER,
    CANONICAL_VALUES,
    LETTERS,
    LettersError,
    letter_choices,
    letter_names,
    letters_title,
    normalize_letters,
    rule_problems,
)


def test_the_fifteen_canonical_values_are_every_subset_in_raci_order():
    assert CANONICAL_ORDER == "RACI"
    assert len(CANONICAL_VALUES) == len(set(CANONICAL_VALUES)) == 15
    assert CANONICAL_VALUES[:5] == ["R", "RA", "RAC", "RACI", "RAI"]
    assert "AR" not in CANONICAL_VALUES and "RA" in CANONICAL_VALUES
    for value in CANONICAL_VALUES:
        assert normalize_letters(value) == value


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [("ra", "RA"), ("A/R", "RA"), ("r, a", "RA"), ("IR", "RI"), ("c i", "CI"), ("RAR", "RA"), ("", ""), (None, "")],
)
def test_letters_in_any_order_case_and_separators_are_normalised(typed, canonical):
    assert normalize_letters(typed) == canonical


@pytest.mark.parametrize(
    ("typed", "unexpected"),
    [("X", "X"), ("R?", "?"), ("RAX Y", "X, Y"), ("responsible", "B, E, L, N, O, P, S")],
)
def test_anything_else_is_refused_naming_what_was_unexpected(typed, unexpected):
    with pytest.raises(LettersError) as error:
        normalize_letters(typed)
    assert str(error.value) == f"“{typed}” is not a set of R/A/C/I letters (unexpected: {unexpected})"


def test_names_titles_and_choices_follow_the_active_language():
    assert letters_title("RA") == "Responsible, Accountable"
    assert letters_title("") == ""
    with translation.override("fr"):
        assert letter_names()["R"] == "Responsable"
        assert letters_title("CI") == "Consulté, Informé"
        assert [str(label) for _, label in letter_choices()][0] == "R — Responsable"
    assert [code for code, _ in letter_choices()] == list(CANONICAL_ORDER)


def test_every_letter_has_a_definition_and_the_documentation_legend():
    assert [letter.code for letter in LETTERS] == list("RACI")
    assert str(LETTERS[0].definition) == "Responsible: is in charge of carrying out the process"
    assert LETTERS[0].documentation_legend == "Is in charge of carrying out the process"


@pytest.mark.parametrize(
    ("cells", "problems"),
    [
        ({"Customer": "RA", "OVHcloud": "I"}, []),
        ({"Customer": "A", "OVHcloud": "R"}, []),
        ({"Customer": "R", "OVHcloud": "C"}, ["no party is Accountable (A)"]),
        ({"Customer": "A", "OVHcloud": "C"}, ["no party is Responsible (R)"]),
        ({"Customer": "RA", "OVHcloud": "A"}, ["2 parties are Accountable (A): Customer, OVHcloud"]),
        ({"Customer": "", "OVHcloud": ""}, ["no party is Accountable (A)", "no party is Responsible (R)"]),
    ],
)
def test_the_ar_rule_exactly_one_a_and_at_least_one_r(cells, problems):
    assert rule_problems(cells) == problems
