"""Each UI language greets by its own conventions (words from the catalogs)."""

import pytest

from orbis.localisation.names import PersonName, greeting

CASES = [
    # (name, formal, expected)
    (PersonName("Jean", "Dupont", country="FR", honorific="mr"), True, "Cher Monsieur Dupont"),
    (PersonName("Marie", "Dupont", country="FR", honorific="ms"), True, "Chère Madame Dupont"),
    (PersonName("Marie", "Dupont", country="FR", honorific="ms"), False, "Chère Marie"),
    (PersonName("Camille", "Dupont", country="FR"), True, "Bonjour Camille Dupont"),
    (
        PersonName("Gabriel", "García Márquez", country="ES", honorific="mr"),
        True,
        "Estimado Sr. García",
    ),
    (PersonName("Ana", "López", country="MX", honorific="ms"), True, "Estimada Sra. López"),
    (PersonName("Ana", "López", country="MX", honorific="ms"), False, "Hola Ana"),
    (PersonName("João", "Silva", country="BR", honorific="mr"), True, "Prezado Sr. Silva"),
    (
        PersonName("Maria", "Souza Costa", country="BR", honorific="ms"),
        True,
        "Prezada Sra. Costa",
    ),
    (PersonName("伟", "王", country="CN", honorific="mr"), True, "尊敬的王先生"),
    (PersonName("芳", "王", country="CN", honorific="ms"), True, "尊敬的王女士"),
    (PersonName("伟", "王", country="CN", honorific="mr"), False, "王伟，你好"),  # noqa: RUF001  (Chinese comma)
    (PersonName("민준", "김", country="KR", honorific="mr"), True, "김민준 님"),
    (PersonName("민준", "김", country="KR", honorific="mr"), False, "민준 씨"),
    (PersonName("أحمد", "محمد", country="EG", honorific="mr"), True, "السيد أحمد محمد المحترم"),
    (PersonName("فاطمة", "علي", country="EG", honorific="ms"), True, "السيدة فاطمة علي المحترمة"),
    (PersonName("अमित", "शर्मा", country="IN", honorific="mr"), True, "आदरणीय श्री शर्मा"),
    (PersonName("प्रिया", "शर्मा", country="IN", honorific="ms"), True, "आदरणीय श्रीमती शर्मा"),
    (PersonName("प्रिया", "शर्मा", country="IN", honorific="ms"), False, "प्रिय प्रिया"),
]


@pytest.mark.parametrize(("name", "formal", "expected"), CASES)
def test_greeting_in_the_contacts_language(name, formal, expected):
    assert greeting(name, formal=formal) == expected


def test_academic_titles_keep_each_languages_place():
    assert (
        greeting(
            PersonName("伟", "王", country="CN", honorific="mr", academic_title="博士"), formal=True
        )
        == "尊敬的王博士"
    )
    assert (
        greeting(
            PersonName(
                "Gabriel", "García Márquez", country="ES", honorific="mr", academic_title="Dr."
            ),
            formal=True,
        )
        == "Estimado Dr. García"
    )
    assert (
        greeting(
            PersonName("민준", "김", country="KR", honorific="mr", academic_title="교수"),
            formal=True,
        )
        == "김민준 교수님"
    )
