"""Text typed by people and programs, made safe to store and show: one rule for every field.

Refused, with a message naming the field: control characters (NUL, escape sequences that
recolour a terminal reading the logs, line breaks in a one-line field), the bidirectional
overrides, embeddings and isolates that reorder what a reader sees ("Trojan Source"), and
lone surrogates, which no database encodes. Kept: letters of every script, and the joiners
and marks that Persian, Hindi or Arabic writing needs (ZWJ, ZWNJ, LRM, RLM) inside a value.
A value made only of spaces and invisible characters is empty, so "needs a name" still holds.
"""

from __future__ import annotations

import unicodedata

from .errors import ValidationError

# U+202A..U+202E (embeddings, overrides) and U+2066..U+2069 (isolates).
BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
# C0 control characters but tab, line feed and carriage return: text a person meant never holds
# them (NUL breaks full-text search and PostgreSQL's text columns; ESC recolours terminals).
CONTROL = frozenset(map(chr, range(32))) - {"\t", "\n", "\r"}


def has_control(text: str) -> bool:
    return not CONTROL.isdisjoint(text)


# Invisible on their own: a value of nothing but these (and spaces) is no value.
INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad")


def problem(value: str, multiline: bool = False) -> str | None:
    """Why `value` may not be stored, or None."""
    for char in value:
        category = unicodedata.category(char)
        if category == "Cc" and not (multiline and char in "\n\r\t"):
            return "Remove the control character (such as NUL or an escape) from this text."
        if category == "Cs":
            return "This text holds an invalid character (a lone surrogate)."
        if char in BIDI_CONTROLS:
            return "Remove the direction override from this text: it hides what the text says."
    return None


def clean(value: str, field: str, max_length: int, multiline: bool = False) -> str:
    """`value` NFC-normalised and trimmed, or ValidationError naming `field`."""
    found = problem(value, multiline)
    if found:
        raise ValidationError({field: found})
    cleaned = unicodedata.normalize("NFC", value).strip()
    if all(char in INVISIBLE or char.isspace() for char in cleaned):
        return ""
    if len(cleaned) > max_length:
        raise ValidationError({field: f"At most {max_length} characters."})
    return cleaned
