"""How to show, sort and greet a person for a viewer: the one module that knows names.

A `PersonName` is a plain value (localisation never imports customers); `PersonName.of(obj)`
reads it from anything with contact-like attributes. The rules:

- Order: family name first for the cultures CLDR lists as surname-first (Chinese, Japanese,
  Korean, Hungarian, Vietnamese, Mongolian, Cantonese), decided from the name's language or,
  without one, its country's likely language (CLDR likely subtags); CJK and Hangul names are
  written without a space.
- Viewer: a viewer whose language does not read the name's script sees the Latin form first and
  the native one alongside (`shown_name`).
- Sorting: family name first; a Spanish double surname sorts by the first surname (as written),
  a Portuguese or Brazilian one by the last (`sort_key`).
- Greeting: in the contact's language, formal or informal (the market's `formal_address` unless
  the caller says), with honorific and academic title. Every word comes from the translation
  catalogs (msgctxt "greeting ..."), including which part of the name a language greets with.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from babel.core import get_global
from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext

from . import scripts

# CLDR personNames/nameOrderLocales "surnameFirst" (root locale). Babel does not ship the
# personNames data, so the list is copied from CLDR 46 common/main/root.xml.
SURNAME_FIRST_LANGUAGES = frozenset({"hu", "ja", "ko", "mn", "vi", "yue", "zh"})
# Scripts whose names are written without a space between family and given name.
_UNSPACED_SCRIPTS = scripts.script_components("Jpan") | scripts.script_components("Kore")
# Particles that open a Spanish surname ("de la Fuente") and generational suffixes that close a
# Portuguese one ("Santos Neto"): they belong to the surname next to them.
_SPANISH_PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "i"})
_PORTUGUESE_SUFFIXES = frozenset({"filho", "filha", "neto", "neta", "júnior", "junior", "sobrinho"})
HONORIFICS = ("", "mr", "ms", "mx")


@dataclass(frozen=True)
class PersonName:
    """A person's name in their own script and in Latin letters, with how they are addressed."""

    given: str = ""
    family: str = ""
    latin_given: str = ""
    latin_family: str = ""
    country: str = ""
    language: str = ""
    honorific: str = ""  # "", "mr", "ms" or "mx"
    academic_title: str = ""  # as the person uses it, e.g. "Dr." or "Prof. Dr."

    @classmethod
    def of(cls, person: Any) -> PersonName:
        """Read a name from any object with contact-like attributes (given_name, ...)."""
        return cls(
            given=getattr(person, "given_name", "") or "",
            family=getattr(person, "family_name", "") or "",
            latin_given=getattr(person, "latin_given_name", "") or "",
            latin_family=getattr(person, "latin_family_name", "") or "",
            country=getattr(person, "country", "") or "",
            language=getattr(person, "language", "") or "",
            honorific=getattr(person, "honorific", "") or "",
            academic_title=getattr(person, "academic_title", "") or "",
        )

    @property
    def has_latin(self) -> bool:
        return bool(self.latin_given or self.latin_family)

    def parts(self, latin: bool = False) -> tuple[str, str]:
        """(given, family), in Latin letters if asked and known, else as written."""
        if latin and self.has_latin:
            return self.latin_given.strip(), self.latin_family.strip()
        return self.given.strip(), self.family.strip()


# --- culture -----------------------------------------------------------------------------------


def _primary(language: str) -> str:
    return (language or "").replace("_", "-").split("-")[0].lower()


def country_language(country: str) -> str:
    """The language most likely spoken in a country (CLDR likely subtags): HU -> hu, BR -> pt."""
    likely = get_global("likely_subtags").get(f"und_{(country or '').upper()}")
    return likely.split("_")[0] if likely else ""


def name_language(name: PersonName) -> str:
    """The language whose conventions the name follows: its own, else its country's."""
    return _primary(name.language) or country_language(name.country)


def is_family_first(name: PersonName) -> bool:
    """Whether the culture writes the family name first (CJK script names always do)."""
    native = name.family + name.given
    if native.strip() and scripts.text_scripts(native) & {"Hani", "Hira", "Kana", "Hang"}:
        return True
    return name_language(name) in SURNAME_FIRST_LANGUAGES


def _join(first: str, second: str) -> str:
    if not first or not second:
        return first or second
    unspaced = scripts.text_scripts(first + second) <= _UNSPACED_SCRIPTS
    return f"{first}{'' if unspaced else ' '}{second}"


def full_name(name: PersonName, latin: bool = False) -> str:
    """The whole name as the person's culture writes it: 山田太郎, Kovács Zoltán, Anna Schmidt."""
    given, family = name.parts(latin)
    return _join(family, given) if is_family_first(name) else _join(given, family)


def display_name(given: str, family: str, country: str = "", language: str = "") -> str:
    """`full_name` for plain values: the native name in its culture's order."""
    return full_name(PersonName(given=given, family=family, country=country, language=language))


def latin_name(name: PersonName) -> str:
    """The Latin form in the culture's order (Yamada Taro), or "" when none is recorded."""
    return full_name(name, latin=True) if name.has_latin else ""


@dataclass(frozen=True)
class ShownName:
    """A name as one viewer sees it: `text` first, `alternate` beside it where there is room."""

    text: str
    alternate: str = ""
    is_latin: bool = False  # `text` is the Latin form; `alternate` then is the native one


def shown_name(name: PersonName, viewer_language: str) -> ShownName:
    """Native name for a viewer who reads its script, else the Latin form with the native beside."""
    native, latin = full_name(name), latin_name(name)
    if not native:
        return ShownName(latin, is_latin=True)
    if latin and not scripts.reads_text(viewer_language, native):
        return ShownName(latin, native if native != latin else "", is_latin=True)
    return ShownName(native, latin if latin != native else "")


# --- sorting -----------------------------------------------------------------------------------


def _fold(value: str) -> str:
    """Case- and accent-insensitive, so Álvarez sorts with Alvarez and not after Zúñiga."""
    decomposed = unicodedata.normalize("NFKD", (value or "").casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def _portuguese_surnames(family: str) -> tuple[str, str]:
    """(last surname, the others): 'Silva dos Santos Neto' -> ('Santos Neto', 'Silva dos')."""
    words = family.split()
    end = len(words)
    if end > 1 and words[-1].casefold() in _PORTUGUESE_SUFFIXES:
        end -= 1
    last_start = max(end - 1, 0)
    return " ".join(words[last_start:]), " ".join(words[:last_start])


def _spanish_first_surname(family: str) -> str:
    """'García Márquez' -> 'García'; 'de la Fuente Ruiz' -> 'de la Fuente'."""
    words = family.split()
    taken: list[str] = []
    for word in words:
        taken.append(word)
        if word.casefold() not in _SPANISH_PARTICLES:
            break
    return " ".join(taken)


def sort_key(name: PersonName) -> str:
    """The key lists are ordered by: family name first, Latin form where there is one.

    A Spanish name sorts by its first surname (the family name as written); a Portuguese or
    Brazilian one by its last surname, as their directories do.
    """
    given, family = name.parts(latin=True)
    if name_language(name) == "pt" and " " in family:
        last, others = _portuguese_surnames(family)
        return _fold(f"{last} {given} {others}")
    return _fold(f"{family} {given}")


# --- greeting ----------------------------------------------------------------------------------


def formal_address_name(name: PersonName, latin: bool = False) -> str:
    """The name a formal greeting uses after the honorific (Mr García, Sr. Santos, Mr An).

    The family name; of a Spanish double surname the first, of a Portuguese one the last. A
    Vietnamese name is addressed by its personal name, the last word of the given name
    (Nguyễn Văn An is Mr An), even formally.
    """
    given, family = name.parts(latin)
    language = name_language(name)
    if language == "es":
        return _spanish_first_surname(family)
    if language == "pt":
        return _portuguese_surnames(family)[0]
    if language == "vi" and given:
        return given.split()[-1]
    return family


def greeting_language(name: PersonName) -> str:
    """The UI language the contact is greeted in: theirs, else their country's, else the default."""
    for candidate in (name.language, country_language(name.country)):
        if candidate:
            try:
                return translation.get_supported_language_variant(candidate.replace("_", "-"))
            except LookupError:
                continue
    return str(settings.LANGUAGE_CODE)


def formal_by_default(country: str) -> bool:
    """The market's `formal_address` for the country; formal where there is no market."""
    from .models import Market  # the models need the app registry; names is imported earlier

    value = Market.objects.filter(country=(country or "").upper()).values_list(
        "formal_address", flat=True
    )
    found = list(value[:1])
    return found[0] if found else True


def _name_form(formal: bool) -> str:
    """Which part of the name the active language greets with: family, full or given.

    Japanese greets formally with the full name (山田太郎様), Chinese with the family name
    (尊敬的王先生), German informally with the given name (Liebe Anna): translators decide.
    """
    if formal:
        # Translators: answer exactly "family", "full" or "given" (not translated words).
        # "family" is the family name (the personal name for Vietnamese names).
        form = pgettext("greeting name form, formal: family, full or given", "family")
    else:
        # Translators: answer exactly "family", "full" or "given" (not translated words).
        form = pgettext("greeting name form, informal: family, full or given", "given")
    return form if form in {"family", "full", "given"} else ("family" if formal else "given")


def _formal_pattern(honorific: str, titled: bool) -> str:
    if honorific == "mr":
        if titled:
            return pgettext(
                "formal greeting to a man with an academic title", "Dear %(title)s %(name)s"
            )
        return pgettext("formal greeting to a man", "Dear Mr %(name)s")
    if honorific == "ms":
        if titled:
            return pgettext(
                "formal greeting to a woman with an academic title", "Dear %(title)s %(name)s"
            )
        return pgettext("formal greeting to a woman", "Dear Ms %(name)s")
    if titled:
        return pgettext(
            "formal greeting without gendered honorific, with an academic title",
            "Dear %(title)s %(full_name)s",
        )
    return pgettext("formal greeting without gendered honorific", "Dear %(full_name)s")


def _informal_pattern(honorific: str) -> str:
    if honorific == "mr":
        return pgettext("informal greeting to a man", "Dear %(name)s")
    if honorific == "ms":
        return pgettext("informal greeting to a woman", "Dear %(name)s")
    return pgettext("informal greeting", "Hello %(name)s")


def greeting(name: PersonName, formal: bool | None = None, language: str | None = None) -> str:
    """How to open a letter or email to the person, in their language.

    `formal` defaults to the market's rule for the person's country; `language` to the
    person's own (`greeting_language`). Mx and no honorific greet neutrally with the full name.
    """
    if formal is None:
        formal = formal_by_default(name.country)
    language = language or greeting_language(name)
    # Latin letters where the greeting's language does not read the name's script.
    latin = name.has_latin and not scripts.reads_text(language, name.given + name.family)
    given, _family = name.parts(latin)
    whole = full_name(name, latin)
    with translation.override(language):
        form = _name_form(formal)
        addressed = {"family": formal_address_name(name, latin), "full": whole, "given": given}[
            form
        ]
        honorific = name.honorific if name.honorific in {"mr", "ms"} and addressed else ""
        if formal:
            pattern = _formal_pattern(honorific, bool(name.academic_title.strip()))
        else:
            pattern = _informal_pattern(name.honorific if addressed else "")
        values = {
            "name": addressed or whole,
            "full_name": whole,
            "title": name.academic_title.strip(),
        }
        # An empty part must not leave a double space behind.
        return re.sub(r" {2,}", " ", pattern % values).strip()


@dataclass(frozen=True)
class Greetings:
    """Both greetings of a person, and which one their market uses by default."""

    formal: str
    informal: str
    formal_by_default: bool
    language: str  # the UI language both are written in, for the HTML lang attribute


def greetings(name: PersonName) -> Greetings:
    """The formal and the informal greeting, for showing both (the contact page's Salutation)."""
    default, language = formal_by_default(name.country), greeting_language(name)
    return Greetings(
        greeting(name, formal=True, language=language),
        greeting(name, formal=False, language=language),
        default,
        language,
    )
