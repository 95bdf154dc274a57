"""The catalogs of the nine languages besides English are complete, not fuzzy, their placeholders
intact, compiled, up to date with the source (a new string without translations fails here) and
used by the pages.

The up-to-date check extracts the messages as `make messages` does (Django's makemessages, which
runs GNU gettext's xgettext) into a temporary directory; CI installs gettext, and without it this
test fails under CI instead of skipping."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
# Every UI language but the source one, as its catalog folder is named (pt-br -> pt_BR).
CATALOGS = [translation.to_locale(code) for code, _ in settings.LANGUAGES if code != "en"]


def _catalog(language: str):
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "django.po", "rb") as handle:
        return read_po(handle)


def test_there_is_a_catalog_for_every_ui_language():
    assert len(CATALOGS) == 9
    assert sorted(p.name for p in LOCALE_DIR.iterdir() if p.is_dir()) == sorted(CATALOGS)


@pytest.mark.parametrize("language", CATALOGS)
def test_every_message_is_translated_and_not_fuzzy(language):
    catalog = _catalog(language)
    messages = [m for m in catalog if m.id]
    assert messages
    assert not catalog.fuzzy, "the catalog header is marked fuzzy: it would not be compiled"
    untranslated = [
        m.id for m in messages if not (all(m.string) if isinstance(m.string, tuple) else m.string)
    ]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", CATALOGS)
def test_placeholders_and_plural_forms_are_intact(language):
    catalog = _catalog(language)
    # Babel's checkers: the same %(name)s placeholders as the source, one string per plural form.
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()]
    assert problems == []
    for message in catalog:
        if message.pluralizable:
            assert len(message.string) == catalog.num_plurals, message.id


@pytest.mark.parametrize("language", CATALOGS)
def test_compiled_catalog_matches_the_source(language):
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    with open(folder / "django.po", "rb") as handle:
        # Keyed by context too: "Record" (a stored record) and "Record" (to record) differ.
        source = {(m.context, _key(m.id)): _key(m.string) for m in read_po(handle) if m.id}
    with open(folder / "django.mo", "rb") as handle:
        compiled = {(m.context, _key(m.id)): _key(m.string) for m in read_mo(handle) if m.id}
    assert compiled == source, "run: make messages (or .venv/bin/pybabel compile -i … -o …)"


def _key(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


@pytest.fixture(scope="module")
def source_messages(tmp_path_factory) -> set[tuple[str | None, str]]:
    """(context, msgid) of every translatable string in the code and templates, extracted by
    makemessages from a copy of the source: run in place it would write into orbis/locale."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (xgettext) is required in CI: apt-get install gettext")
        pytest.skip("GNU gettext (xgettext) is not installed: apt-get install gettext")
    copy = tmp_path_factory.mktemp("source")
    shutil.copytree(
        settings.BASE_DIR,
        copy / "orbis",
        ignore=shutil.ignore_patterns("locale", "static", "tests", "__pycache__", "*.mo", "*.po"),
    )
    locale = copy / "orbis" / "locale"
    locale.mkdir()
    cwd = Path.cwd()
    os.chdir(copy)
    try:
        with translation.override(None), override_settings(LOCALE_PATHS=[str(locale)]):
            call_command("makemessages", locale=["en"], keep_pot=True, verbosity=0)
    finally:
        os.chdir(cwd)
    # A template's header has placeholders Babel cannot parse; English plural rules stand in.
    pot = (locale / "django.pot").read_text(encoding="utf-8")
    pot = pot.replace("nplurals=INTEGER; plural=EXPRESSION;", "nplurals=2; plural=(n != 1);")
    return {(m.context, _id(m.id)) for m in read_po(io.BytesIO(pot.encode())) if m.id}


def _id(value: object) -> str:
    return value[0] if isinstance(value, list | tuple) else str(value)


def test_extraction_finds_the_source_strings(source_messages):
    assert (None, "Contacts") in source_messages
    assert (None, "%(counter)s row on this page") in source_messages  # a template plural
    assert len(source_messages) > 150


@pytest.mark.parametrize("language", CATALOGS)
def test_catalog_has_every_string_of_the_source(language, source_messages):
    present = {(m.context, _id(m.id)) for m in _catalog(language) if m.id}
    missing = sorted(source_messages - present, key=str)
    assert missing == [], "run: make messages, translate the new strings, compile"


def test_translations_are_used():
    expected = {
        "de": "Kontakte",
        "fr": "Contacts",
        "es": "Contactos",
        "pt-br": "Contatos",
        "ja": "連絡先",
        "zh-hans": "联系人",
        "ko": "연락처",
        "ar": "جهات الاتصال",
        "hi": "संपर्क",
    }
    assert set(expected) == {code for code, _ in settings.LANGUAGES} - {"en"}
    for language, text in expected.items():
        with translation.override(language):
            assert translation.gettext("Contacts") == text, language
    with translation.override("fr"):
        assert translation.gettext("Company saved.") == "Entreprise enregistrée."
