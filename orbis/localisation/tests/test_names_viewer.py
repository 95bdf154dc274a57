"""A viewer who does not read the name's script sees the Latin form, the native one beside it."""

from orbis.localisation.names import PersonName, shown_name

YAMADA = PersonName("太郎", "山田", "Taro", "Yamada", country="JP", language="ja")
WANG = PersonName("伟", "王", "Wei", "Wang", country="CN", language="zh")
KIM = PersonName("민준", "김", "Minjun", "Kim", country="KR", language="ko")
PETROV = PersonName("Иван", "Петров", "Ivan", "Petrov", country="RU")


def test_a_reader_of_the_script_sees_the_native_name_first():
    shown = shown_name(YAMADA, "ja")
    assert (shown.text, shown.alternate, shown.is_latin) == ("山田太郎", "Yamada Taro", False)


def test_a_viewer_who_does_not_read_it_sees_the_latin_form_first():
    for viewer in ("en", "de", "ar"):
        shown = shown_name(YAMADA, viewer)
        assert (shown.text, shown.alternate, shown.is_latin) == ("Yamada Taro", "山田太郎", True)


def test_han_is_read_by_japanese_and_chinese_readers_alike():
    assert shown_name(WANG, "ja").text == "王伟"
    assert shown_name(WANG, "zh-hans").text == "王伟"
    assert shown_name(YAMADA, "zh-hans").text == "山田太郎"  # kanji only: readable in Chinese


def test_hangul_and_cyrillic_need_their_readers():
    assert shown_name(KIM, "ko").text == "김민준"
    assert shown_name(KIM, "ja").text == "Kim Minjun"
    assert shown_name(PETROV, "en").text == "Ivan Petrov"
    assert shown_name(PETROV, "en").alternate == "Иван Петров"


def test_without_a_latin_form_the_native_name_is_shown_to_everyone():
    name = PersonName("伟", "王", country="CN")
    assert shown_name(name, "en").text == "王伟" and shown_name(name, "en").alternate == ""


def test_a_latin_name_has_no_alternate():
    shown = shown_name(PersonName("Anna", "Schmidt", country="DE"), "ja")
    assert (shown.text, shown.alternate) == ("Anna Schmidt", "")
