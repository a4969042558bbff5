"""Responsibility shifts: an R or an A that moved between the customer and the provider side.

The customer is whichever column ``parties.customer_party`` says; every other party is the
provider side.
"""

from __future__ import annotations

from dataclasses import dataclass

SHIFT_LETTERS = ("R", "A")
TO_CUSTOMER, TO_PROVIDER = "to_customer", "to_provider"


@dataclass(frozen=True)
class Shift:
    """An R or A that moved between the customer side and the provider side."""

    letter: str
    direction: str  # TO_CUSTOMER (more customer burden) or TO_PROVIDER (less)
    old_holders: tuple[str, ...]
    new_holders: tuple[str, ...]

    @property
    def more_customer_burden(self) -> bool:
        return self.direction == TO_CUSTOMER


def responsibility_shifts(
    old_cells: dict[str, str], old_customer: str | None, new_cells: dict[str, str], new_customer: str | None
) -> list[Shift]:
    """Every R or A the customer took over from the provider side, or handed to it."""
    shifts = []
    for letter in SHIFT_LETTERS:
        old_holders = tuple(name for name, letters in old_cells.items() if letter in letters)
        new_holders = tuple(name for name, letters in new_cells.items() if letter in letters)
        customer_before = old_customer in old_holders
        customer_after = new_customer in new_holders
        provider_before = any(name != old_customer for name in old_holders)
        provider_after = any(name != new_customer for name in new_holders)
        if customer_after and not customer_before and provider_before:
            shifts.append(Shift(letter, TO_CUSTOMER, old_holders, new_holders))
        elif customer_before and not customer_after and provider_after:
            shifts.append(Shift(letter, TO_PROVIDER, old_holders, new_holders))
    return shifts
