"""Family name first for Chinese, Japanese, Korean, Hungarian and Vietnamese names."""

import pytest

from orbis.localisation.names import PersonName, display_name, full_name, latin_name


@pytest.mark.parametrize(
    ("given", "family", "country", "expected"),
    [
        ("伟", "王", "CN", "王伟"),  # CJK scripts: no space between the parts
        ("太郎", "山田", "JP", "山田太郎"),
        ("민준", "김", "KR", "김민준"),
        ("Zoltán", "Kovács", "HU", "Kovács Zoltán"),
        ("Văn An", "Nguyễn", "VN", "Nguyễn Văn An"),
        ("志明", "陳", "TW", "陳志明"),
        ("Anna", "Schmidt", "DE", "Anna Schmidt"),
        ("Ana", "García Márquez", "ES", "Ana García Márquez"),
        ("Emily", "Clark", "US", "Emily Clark"),
    ],
)
def test_order_follows_the_names_country(given, family, country, expected):
    assert display_name(given, family, country) == expected


def test_the_names_language_wins_over_its_country():
    assert full_name(PersonName("Zoltán", "Kovács", country="AT", language="hu")) == "Kovács Zoltán"
    assert full_name(PersonName("Wei", "Wang", country="CN", language="en")) == "Wei Wang"


def test_a_name_in_a_cjk_script_is_family_first_wherever_the_person_lives():
    assert full_name(PersonName("太郎", "山田", country="US", language="en")) == "山田太郎"


def test_latin_form_keeps_the_cultures_order_with_a_space():
    name = PersonName("太郎", "山田", "Taro", "Yamada", country="JP")
    assert latin_name(name) == "Yamada Taro"
    assert latin_name(PersonName("Anna", "Schmidt", country="DE")) == ""
    assert latin_name(PersonName("Иван", "Петров", "Ivan", "Petrov", country="RU")) == "Ivan Petrov"


def test_one_part_alone_is_the_whole_name():
    assert display_name("", "山田", "JP") == "山田"
    assert display_name("Madonna", "", "US") == "Madonna"
