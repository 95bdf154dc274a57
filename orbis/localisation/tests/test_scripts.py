"""Which script a text is written in, and whether a viewer's language reads it."""

import pytest

from orbis.localisation.scripts import (
    language_script,
    reads_script,
    reads_text,
    script_components,
    text_script,
)


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Müller", "Latn"),
        ("Nguyễn Văn An", "Latn"),
        ("\uff34\uff41\uff52\uff4f", "Latn"),  # fullwidth "Taro" is still Latin
        ("王伟", "Hani"),
        ("佐々木", "Hani"),
        ("山田たろう", "Jpan"),
        ("やまだ", "Hira"),
        ("ヤマダ", "Kana"),
        ("ﾀﾛｳ", "Kana"),
        ("김민준", "Hang"),
        ("金김", "Kore"),
        ("محمد", "Arab"),
        ("अमित", "Deva"),
        ("Иван", "Cyrl"),
        ("Γιώργος", "Grek"),
        ("สมชาย", "Thai"),
        ("שלום", "Hebr"),
        ("Иван Ivan Иванов", "Cyrl"),  # mixed: the script of most letters
    ],
)
def test_text_script(text, script):
    assert text_script(text) == script


@pytest.mark.parametrize("text", ["", "  ", "123-45", "\uff11\uff12\uff13"])
def test_text_without_letters_has_no_script(text):
    assert text_script(text) is None


def test_composite_scripts_expand_from_iso_15924_names():
    assert script_components("Jpan") >= {"Hani", "Hira", "Kana"}
    assert script_components("Kore") >= {"Hang", "Hani"}
    assert script_components("Hans") == {"Hans", "Hani"}
    assert script_components("Latn") == {"Latn"}


@pytest.mark.parametrize(
    ("language", "script"),
    [
        ("ja", "Jpan"),
        ("zh", "Hans"),
        ("zh-Hant", "Hant"),
        ("zh_TW", "Hant"),
        ("ko", "Kore"),
        ("ar", "Arab"),
        ("hi", "Deva"),
        ("pt-BR", "Latn"),
        ("sr", "Cyrl"),
        ("de", "Latn"),
    ],
)
def test_language_script_comes_from_cldr_likely_subtags(language, script):
    assert language_script(language) == script


@pytest.mark.parametrize(
    ("language", "script", "reads"),
    [
        ("ja", "Hani", True),  # Japanese readers read Han (kanji)
        ("ja", "Jpan", True),
        ("ja", "Kana", True),
        ("zh", "Hani", True),
        ("zh-Hant", "Hani", True),
        ("zh", "Jpan", False),  # kana is not Chinese
        ("zh", "Hang", False),
        ("ko", "Hang", True),
        ("ko", "Kore", True),
        ("en", "Jpan", False),
        ("de", "Cyrl", False),
        ("sr", "Cyrl", True),
        ("ar", "Arab", True),
        ("hi", "Arab", False),
        ("hi", "Deva", True),
        ("ja", "Latn", True),  # Latin is the fallback everyone is shown
        ("en", None, True),
        ("not-a-language", "Arab", False),
    ],
)
def test_reads_script(language, script, reads):
    assert reads_script(language, script) is reads


def test_reads_text_needs_every_script_of_the_text():
    assert reads_text("ja", "山田たろう")
    assert not reads_text("zh", "山田たろう")
    assert reads_text("ja", "王伟")
    assert reads_text("en", "Hans Müller 42")
    assert not reads_text("en", "Hans Müller 山田")
