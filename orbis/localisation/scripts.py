"""Which writing system (ISO 15924 script) a text uses, and whether a viewer's language reads it.

The script of each letter comes from its Unicode character name (`unicodedata`), matched against
the ISO 15924 names in pycountry; the script a language is written in comes from CLDR's likely
subtags (Babel). Composite scripts (Jpan = Han + Hiragana + Katakana, Kore = Hangul + Han) are
expanded from pycountry's own "alias for ..." names, so no table of characters is typed by hand.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pycountry
from babel.core import get_global

LATIN = "Latn"
HAN = "Hani"
# Unicode names CJK ideographs "CJK UNIFIED IDEOGRAPH-4E00"; ISO 15924 calls the script "Han".
_UNICODE_NAME_ALIASES = {"CJK": HAN, "IDEOGRAPHIC": HAN}
# Width and modifier prefixes in Unicode names say nothing about the script.
_NAME_PREFIXES_TO_SKIP = ("FULLWIDTH ", "HALFWIDTH ", "MODIFIER ", "SMALL ")
_ALIAS = re.compile(r"alias for ([^)]*)\)")


@cache
def _scripts_by_name() -> dict[str, str]:
    """Upper-cased ISO 15924 name (before any parenthesis) -> code; the plain script wins ties."""
    index: dict[str, str] = {}
    for script in pycountry.scripts:
        if "variant" in script.name or "alias" in script.name:
            continue  # Hans/Hant/Jpan/Kore are never the script of a single letter
        index.setdefault(script.name.split(" (")[0].upper(), script.alpha_4)
    return index


@cache
def _code_by_plain_name() -> dict[str, str]:
    return {s.name.split(" (")[0]: s.alpha_4 for s in pycountry.scripts if "variant" not in s.name}


@cache
def script_components(script: str) -> frozenset[str]:
    """A script and the scripts it is made of: Jpan -> {Jpan, Hani, Hira, Kana, Hrkt}."""
    found = pycountry.scripts.get(alpha_4=script)
    if found is None:
        return frozenset({script})
    parts = {script}
    if found.name.startswith("Han (") and "variant" in found.name:
        parts.add(HAN)  # Simplified and Traditional Chinese are both written in Han
    alias = _ALIAS.search(found.name)
    if alias:
        for part in alias.group(1).split(" + "):
            code = _code_by_plain_name().get(part.strip())
            if code:
                parts |= script_components(code)
    return frozenset(parts)


@cache
def char_script(char: str) -> str | None:
    """The ISO 15924 script of one letter, or None for digits, punctuation and spaces."""
    if not unicodedata.category(char).startswith("L"):
        return None
    name = unicodedata.name(char, "")
    for prefix in _NAME_PREFIXES_TO_SKIP:
        name = name.removeprefix(prefix)
    words = name.split()
    if not words:
        return None
    if words[0] in _UNICODE_NAME_ALIASES:
        return _UNICODE_NAME_ALIASES[words[0]]
    index = _scripts_by_name()
    for length in (3, 2, 1):  # "OLD ITALIC LETTER A" before "OLD"
        code = index.get(" ".join(words[:length]))
        if code:
            return code
    return None


def text_scripts(text: str) -> frozenset[str]:
    """Every script the letters of `text` are written in."""
    return frozenset(s for s in map(char_script, text or "") if s)


def text_script(text: str) -> str | None:
    """The script of `text` as one ISO 15924 code, or None when it has no letters.

    Japanese (Han with kana) is `Jpan`, Korean (Hangul, maybe with Han) is `Kore`; Han alone is
    `Hani` because the characters do not say whether it is Chinese or Japanese. A text mixing
    other scripts gets the one most of its letters are in.
    """
    counts: dict[str, int] = {}
    for script in map(char_script, text or ""):
        if script:
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    found = set(counts)
    if found & {"Hira", "Kana"} and found <= {"Hira", "Kana", HAN, LATIN}:
        return "Jpan" if found & {HAN} or len(found & {"Hira", "Kana"}) > 1 else _only_kana(found)
    if "Hang" in found and found <= {"Hang", HAN, LATIN}:
        return "Kore" if HAN in found else "Hang"
    return max(counts, key=lambda script: counts[script])


def _only_kana(found: set[str]) -> str:
    return "Hira" if "Hira" in found else "Kana"


@cache
def language_script(language: str) -> str | None:
    """The script a language is usually written in (CLDR likely subtags): ja -> Jpan, sr -> Cyrl."""
    tag = (language or "").replace("-", "_")
    likely = get_global("likely_subtags")
    parts = tag.split("_")
    for candidate in (tag, "_".join(parts[:2]), parts[0]):
        if not candidate:
            continue
        explicit = [p for p in candidate.split("_")[1:] if len(p) == 4 and p.isalpha()]
        if explicit:
            return explicit[0].title()
        full = likely.get(candidate)
        if full:
            scripts = [p for p in full.split("_")[1:] if len(p) == 4]
            if scripts:
                return scripts[0]
    return None


def reads_script(language: str, script: str | None) -> bool:
    """Whether a reader of `language` reads text in `script`.

    No script (no letters) and Latin are read by everyone: Latin is the form Orbis falls back to.
    """
    if script is None or script == LATIN:
        return True
    own = language_script(language)
    if own is None:
        return False
    readable = script_components(own)
    return script_components(script) <= readable or script in readable


def reads_text(language: str, text: str) -> bool:
    """Whether a reader of `language` reads every letter of `text`."""
    return all(reads_script(language, script) for script in text_scripts(text))
