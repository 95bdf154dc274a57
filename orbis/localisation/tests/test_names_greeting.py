"""Formal and informal greetings in the contact's language, with honorific and academic title."""

import pytest

from orbis.localisation.names import PersonName, greeting, greeting_language

MUELLER = PersonName("Anna", "Müller", country="DE", honorific="ms", academic_title="Dr.")
SCHMIDT = PersonName("Hans", "Schmidt", country="DE", honorific="mr")
ALEX = PersonName("Alex", "Müller", country="DE")
YAMADA = PersonName("太郎", "山田", "Taro", "Yamada", country="JP", honorific="mr")


@pytest.mark.parametrize(
    ("name", "formal", "expected"),
    [
        (MUELLER, True, "Sehr geehrte Frau Dr. Müller"),
        (SCHMIDT, True, "Sehr geehrter Herr Schmidt"),
        (ALEX, True, "Guten Tag Alex Müller"),  # no honorific: neutral, with the full name
        (PersonName("Alex", "Müller", country="DE", honorific="mx"), True, "Guten Tag Alex Müller"),
        (
            PersonName("Alex", "Müller", country="DE", academic_title="Prof."),
            True,
            "Guten Tag Prof. Alex Müller",
        ),
        (MUELLER, False, "Liebe Anna"),
        (SCHMIDT, False, "Lieber Hans"),
        (ALEX, False, "Hallo Alex"),
        (YAMADA, True, "山田太郎様"),
        (YAMADA, False, "山田さん"),
    ],
)
def test_greeting_in_the_contacts_language(name, formal, expected):
    assert greeting(name, formal=formal) == expected


def test_the_english_source_greetings():
    assert greeting(SCHMIDT, formal=True, language="en") == "Dear Mr Schmidt"
    assert greeting(MUELLER, formal=True, language="en") == "Dear Dr. Müller"
    assert greeting(ALEX, formal=True, language="en") == "Dear Alex Müller"
    assert greeting(ALEX, formal=False, language="en") == "Hello Alex"


def test_a_language_that_does_not_read_the_script_greets_with_the_latin_form():
    assert greeting(YAMADA, formal=True, language="de") == "Sehr geehrter Herr Yamada"
    assert greeting(YAMADA, formal=True, language="en") == "Dear Mr Yamada"


def test_greeting_language_is_the_contacts_then_the_countrys_then_the_default():
    assert greeting_language(PersonName("Anna", "Schmidt", country="JP", language="de")) == "de"
    assert greeting_language(PersonName("太郎", "山田", country="JP")) == "ja"
    # No catalog for Icelandic: the source language rather than a wrong one.
    assert greeting_language(PersonName("Jón", "Jónsson", country="IS", language="is")) == "en"


def test_a_gendered_honorific_without_a_family_name_falls_back_to_the_full_name():
    assert greeting(PersonName("Madonna", "", country="DE", honorific="ms"), formal=True) == (
        "Guten Tag Madonna"
    )


def test_the_greeting_does_not_change_the_active_language():
    from django.utils import translation

    with translation.override("ja"):
        greeting(SCHMIDT, formal=True)
        assert translation.get_language() == "ja"


def test_a_vietnamese_name_is_addressed_by_its_personal_name():
    name = PersonName("Văn An", "Nguyễn", country="VN", honorific="mr")
    assert greeting(name, formal=True, language="en") == "Dear Mr An"
    assert greeting(name, formal=True, language="de") == "Sehr geehrter Herr An"
