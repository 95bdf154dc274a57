"""Demo phone numbers: one of the right type per person, none shared by two people.

A drawn number is labelled by what it is: a mobile number "mobile", a landline "work" or "home"
(phonenumbers' own type for the number; in the US and Canada it cannot tell the two apart, so
either label fits). No stranger shares a number: each record's numbers are computed from its
serial (a contact's index, a company's index past the contacts), not drawn from a pool.

How, without validating a million numbers: a block is a valid prefix whose free last
`TAIL` digits may be anything and keep the number valid and of its type (checked on sample
endings when the block is found, with every digit tried at the first two free places). A serial
is first scrambled by a bijection of the book's capacity (blocks * 10**TAIL), multiplying by a
number prime to it near the golden ratio of it (Fibonacci hashing: consecutive serials land far
apart), then split into a block and an ending. Blocks of
one country never share a prefix, so two serials never meet: numbers of different lengths
differ, and same-length ones differ in block or ending.
"""

from __future__ import annotations

import math
import random
from typing import Any

import phonenumbers
from phonenumbers import PhoneNumberType

TAIL = 4
MIN_BLOCKS = 16  # area codes and mobile prefixes per type, however few numbers are needed
MOBILE = PhoneNumberType.MOBILE
LANDLINE = PhoneNumberType.FIXED_LINE
# Countries where phonenumbers cannot tell a mobile from a landline (numbers are both).
_EITHER = PhoneNumberType.FIXED_LINE_OR_MOBILE
# Leading digits of the national number kept from phonenumbers' example: Korea's mobiles are all
# 010 now (011, 016... closed in 2021), though the metadata still accepts the old prefixes.
_KEEP = {("KR", MOBILE): 2}


def label_fits(label: str, kind: Any) -> bool:
    """Whether a contact point's label (mobile, work, home) fits phonenumbers' type for it."""
    if kind == _EITHER:
        return label in ("mobile", "work", "home")
    if label == "mobile":
        return kind == MOBILE
    return kind == LANDLINE


def _fits(number: str, country: str, kind: Any) -> bool:
    parsed = phonenumbers.parse(number)
    return phonenumbers.number_type(parsed) in (
        kind,
        _EITHER,
    ) and phonenumbers.is_valid_number_for_region(parsed, country)


def _block_holds(
    rng: random.Random, country_code: int, prefix: str, country: str, kind: Any
) -> bool:
    """Whether endings of `prefix` stay valid numbers of `kind`: all zeros, all nines, and each
    digit at the first and at the second free place (the places a pattern is likeliest to pin)."""
    endings = ["0" * TAIL, "9" * TAIL]
    for digit in "0123456789":
        rest = "".join(str(rng.randrange(10)) for _ in range(TAIL - 1))
        endings.append(digit + rest)
        endings.append(rest[0] + digit + rest[1:])
    return all(_fits(f"+{country_code}{prefix}{end}", country, kind) for end in endings)


def _find_blocks(
    rng: random.Random, country: str, kind: Any, count: int, taken: set[str]
) -> list[str]:
    example = phonenumbers.example_number_for_type(country, kind)
    if example is None:
        return []
    national = str(example.national_number)
    keep = _KEEP.get((country, kind), 1)
    found: list[str] = []
    for _ in range(count * 40):
        if len(found) >= count:
            break
        free = len(national) - keep - TAIL
        prefix = national[:keep] + "".join(str(rng.randrange(10)) for _ in range(free))
        if prefix in taken:
            continue
        if _block_holds(rng, example.country_code or 0, prefix, country, kind):
            taken.add(prefix)
            found.append(prefix)
    return found


class PhoneBook:
    """Mobile and landline numbers of one country, a unique one for each serial."""

    def __init__(self, rng: random.Random, country: str, serials: int) -> None:
        needed = max(MIN_BLOCKS, math.ceil(serials / 10**TAIL))
        example = phonenumbers.example_number_for_type(country, LANDLINE)
        self.prefix = f"+{example.country_code}" if example else "+"
        taken: set[str] = set()
        self.blocks = {
            kind: _find_blocks(rng, country, kind, needed, taken) for kind in (MOBILE, LANDLINE)
        }
        self._spread: dict[Any, int] = {}
        for kind, blocks in self.blocks.items():
            if len(blocks) < needed:
                raise RuntimeError(f"Too few {kind} number blocks for {country}: {len(blocks)}.")
            capacity = len(blocks) * 10**TAIL
            spread = int(capacity * 0.6180339887) | 1
            while math.gcd(spread, capacity) != 1:
                spread += 2
            self._spread[kind] = spread

    def number(self, kind: Any, serial: int) -> str:
        blocks = self.blocks[kind]
        capacity = len(blocks) * 10**TAIL
        if not 0 <= serial < capacity:
            raise ValueError(f"Serial {serial} is past this phone book's {len(blocks)} blocks.")
        ending, row = divmod((serial * self._spread[kind] + 4_242) % capacity, len(blocks))
        return f"{self.prefix}{blocks[row]}{ending:0{TAIL}d}"
