"""Sort keys: family name first; Spanish by the first surname, Portuguese by the last."""

from orbis.localisation.names import PersonName, formal_address_name, sort_key


def sort(names):
    return [n.family for n in sorted(names, key=sort_key)]


def test_family_name_first_case_and_accent_insensitive():
    assert sort_key(PersonName("Anna", "Schmidt", country="DE")) == "schmidt anna"
    assert sort_key(PersonName("Ángel", "Álvarez", country="ES")) == "alvarez angel"
    names = [PersonName("A", "Zúñiga"), PersonName("B", "Álvarez"), PersonName("C", "bauer")]
    assert sort(names) == ["Álvarez", "bauer", "Zúñiga"]


def test_the_latin_form_is_the_key_where_there_is_one():
    name = PersonName("太郎", "山田", "Taro", "Yamada", country="JP")
    assert sort_key(name) == "yamada taro"


def test_spanish_double_surname_sorts_by_the_first_surname():
    garcia = PersonName("Gabriel", "García Márquez", country="CO")
    marquez = PersonName("Ana", "Márquez Abad", country="ES")
    assert sort_key(garcia).startswith("garcia marquez")
    assert sort([marquez, garcia]) == ["García Márquez", "Márquez Abad"]
    assert formal_address_name(garcia) == "García"
    assert (
        formal_address_name(PersonName("Rosa", "de la Fuente Ruiz", country="ES")) == "de la Fuente"
    )


def test_portuguese_double_surname_sorts_by_the_last_surname():
    santos = PersonName("João", "Silva Santos", country="BR")
    costa = PersonName("Maria", "Souza Costa", country="PT")
    assert sort_key(santos) == "santos joao silva"
    assert sort([santos, costa]) == ["Souza Costa", "Silva Santos"]
    assert formal_address_name(santos) == "Santos"


def test_portuguese_generational_suffix_stays_with_the_surname():
    neto = PersonName("Pedro", "Silva dos Santos Neto", language="pt-BR", country="BR")
    assert formal_address_name(neto) == "Santos Neto"
    assert sort_key(neto) == "santos neto pedro silva dos"


def test_other_cultures_keep_the_whole_family_name():
    name = PersonName("Anna", "Müller Lüdenscheidt", country="DE")
    assert sort_key(name) == "muller ludenscheidt anna"
    assert formal_address_name(name) == "Müller Lüdenscheidt"
