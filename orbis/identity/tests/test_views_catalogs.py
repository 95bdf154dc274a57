"""The German and Japanese catalogs are complete, not fuzzy, compiled, and used by the pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("language", ["de", "ja"])
def test_every_message_is_translated_and_not_fuzzy(language):
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "django.po", "rb") as handle:
        catalog = read_po(handle)
    messages = [m for m in catalog if m.id]
    assert messages
    untranslated = [
        m.id for m in messages if not (all(m.string) if isinstance(m.string, tuple) else m.string)
    ]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", ["de", "ja"])
def test_compiled_catalog_matches_the_source(language):
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    with open(folder / "django.po", "rb") as handle:
        source = {_key(m.id): _key(m.string) for m in read_po(handle) if m.id}
    with open(folder / "django.mo", "rb") as handle:
        compiled = {_key(m.id): _key(m.string) for m in read_mo(handle) if m.id}
    assert compiled == source, "run: .venv/bin/pybabel compile -d orbis/locale -D django"


def _key(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


def test_translations_are_used():
    with translation.override("de"):
        assert translation.gettext("Contacts") == "Kontakte"
    with translation.override("ja"):
        assert translation.gettext("Contacts") == "連絡先"
