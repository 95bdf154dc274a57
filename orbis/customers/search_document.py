"""The text a contact or company is found by: names in every script, companies.

A contact's emails and phone numbers are encrypted at rest and kept out of this text (it would
hold them in plain): whole emails, email domains and numbers are found through blind indexes
(customers.search).

Lower-cased (casefold) and, where accents differ, also without accents, so 'muller' finds
'Müller'. The database's FTS5 (SQLite) or trigram (PostgreSQL) index is built over it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from orbis.localisation.phones import format_phone, phone_digits


def fold(value: str) -> str:
    return unicodedata.normalize("NFKC", value or "").casefold().strip()


def strip_accents(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    )


def build(parts: Iterable[str]) -> str:
    words: list[str] = []
    for part in parts:
        folded = fold(part)
        if not folded:
            continue
        words.append(folded)
        plain = strip_accents(folded)
        if plain != folded:
            words.append(plain)
    return " ".join(dict.fromkeys(words))


def phone_terms(e164: str) -> list[str]:
    """E.164 digits and national digits, so '+49 30…' and '030…' both find the number."""
    national = "".join(ch for ch in format_phone(e164, international=False) if ch.isdigit())
    return [phone_digits(e164), national]


def contact_document(
    given: str,
    family: str,
    latin_given: str,
    latin_family: str,
    companies: Iterable[str],
) -> str:
    return build([given, family, f"{family}{given}", latin_given, latin_family, *companies])


def company_document(name: str, legal_name: str, latin_name: str, website: str, phone: str) -> str:
    domain = website.split("//", 1)[-1].split("/", 1)[0].removeprefix("www.") if website else ""
    return build([name, legal_name, latin_name, domain, *(phone_terms(phone) if phone else [])])
