"""How to show and sort a person's name for its culture (family name first in CJK, HU, VI)."""

from __future__ import annotations

FAMILY_FIRST_COUNTRIES = frozenset({"CN", "JP", "KR", "TW", "HK", "MO", "HU", "VN"})
# Scripts written without spaces between family and given name.
_UNSPACED_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


def _is_unspaced_script(text: str) -> bool:
    return bool(text) and all(
        any(lo <= ord(ch) <= hi for lo, hi in _UNSPACED_RANGES) for ch in text if not ch.isspace()
    )


def display_name(given: str, family: str, country: str = "") -> str:
    """The full name as the person's culture writes it."""
    given, family = (given or "").strip(), (family or "").strip()
    if not given or not family:
        return given or family
    if country.upper() in FAMILY_FIRST_COUNTRIES:
        separator = "" if _is_unspaced_script(family + given) else " "
        return f"{family}{separator}{given}"
    return f"{given} {family}"


def sort_key(given: str, family: str) -> str:
    """Family name first, case-folded: the key lists are ordered by."""
    return f"{(family or '').casefold()} {(given or '').casefold()}".strip()
