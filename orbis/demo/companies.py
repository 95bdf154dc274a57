"""Demo companies as a local would register them: a unique name, an industry, tax numbers.

A name is built the way companies in the country are named: a family name or brand, a word of
the company's industry and the legal form ("Schneider Logistik GmbH", "Transportes García S.L.",
"佐藤建設株式会社", "深圳华远软件有限公司", "شركة الهاشمي للتجارة ذ.م.م"), so the industry and
the name agree. Names are unique per country (a second draw, then two family names, where taken).

The VAT number and tax id are the country's own (see orbis.localisation.identifiers for what the
service accepts), with check digits computed as the issuer does, and derived from the company's
serial within its country, so no two companies share one. Where a number encodes a place (an
Indian GSTIN's state, a Spanish CIF's province, a Chinese USCC's district), it is the address's.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from anyascii import anyascii
from stdnum import luhn
from stdnum.au import abn, acn
from stdnum.br import cnpj
from stdnum.cn import uscc
from stdnum.es import cif
from stdnum.iso7064 import mod_11_10
from stdnum.jp import cn as jp_cn
from stdnum.mx import rfc

# Each industry: its name in the languages of the demo's markets (what the industry field holds,
# written as the local staff would), then the industry's word in company names, "{}" marking
# where the family name or brand goes.
INDUSTRIES: dict[str, dict[str, tuple[str, str]]] = {
    "construction": {
        "en": ("Construction", "{} Construction"),
        "de": ("Bauwesen", "{} Bau"),
        "fr": ("BTP", "{} Bâtiment"),
        "es": ("Construcción", "Construcciones {}"),
        "pt": ("Construção civil", "Construtora {}"),
        "ar": ("المقاولات والبناء", "شركة {} للمقاولات"),
        "ja": ("建設業", "{}建設"),
        "zh": ("建筑业", "{}建设"),
        "ko": ("건설업", "{}건설"),
    },
    "logistics": {
        "en": ("Transportation & Logistics", "{} Logistics"),
        "de": ("Transport und Logistik", "{} Logistik"),
        "fr": ("Transport et logistique", "Transports {}"),
        "es": ("Transporte y logística", "Transportes {}"),
        "pt": ("Transporte e logística", "Transportes {}"),
        "ar": ("النقل والخدمات اللوجستية", "شركة {} للنقل والخدمات اللوجستية"),
        "ja": ("運輸業", "{}運輸"),
        "zh": ("交通运输和物流", "{}物流"),
        "ko": ("물류", "{}물류"),
    },
    "software": {
        "en": ("Software", "{} Software"),
        "de": ("Software", "{} Software"),
        "fr": ("Édition de logiciels", "{} Informatique"),
        "es": ("Software", "{} Informática"),
        "pt": ("Software", "{} Tecnologia"),
        "ar": ("البرمجيات", "شركة {} للبرمجيات"),
        "ja": ("ソフトウェア", "{}システム"),
        "zh": ("软件和信息技术服务", "{}软件"),
        "ko": ("소프트웨어", "{}소프트"),
    },
    "food": {
        "en": ("Food & Beverage", "{} Foods"),
        "de": ("Lebensmittel", "{} Lebensmittel"),
        "fr": ("Agroalimentaire", "{} Alimentaire"),
        "es": ("Alimentación y bebidas", "Alimentos {}"),
        "pt": ("Alimentos e bebidas", "{} Alimentos"),
        "ar": ("الأغذية والمشروبات", "شركة {} للمواد الغذائية"),
        "ja": ("食品製造", "{}食品"),
        "zh": ("食品制造", "{}食品"),
        "ko": ("식품", "{}식품"),
    },
    "manufacturing": {
        "en": ("Manufacturing", "{} Manufacturing"),
        "de": ("Maschinenbau", "{} Maschinenbau"),
        "fr": ("Industrie", "{} Industrie"),
        "es": ("Industria", "Industrias {}"),
        "pt": ("Indústria", "{} Indústria e Comércio"),
        "ar": ("الصناعة", "شركة {} للصناعات"),
        "ja": ("製造業", "{}工業"),
        "zh": ("制造业", "{}机械"),
        "ko": ("제조업", "{}산업"),
    },
    "consulting": {
        "en": ("Consulting", "{} Consulting"),
        "de": ("Unternehmensberatung", "{} Consulting"),
        "fr": ("Conseil", "{} Conseil"),
        "es": ("Consultoría", "{} Consultores"),
        "pt": ("Consultoria", "{} Consultoria"),
        "ar": ("الاستشارات", "شركة {} للاستشارات"),
        "ja": ("コンサルティング", "{}コンサルティング"),
        "zh": ("商务咨询", "{}咨询"),
        "ko": ("컨설팅", "{}컨설팅"),
    },
    "finance": {
        "en": ("Financial Services", "{} Capital"),
        "de": ("Finanzdienstleistungen", "{} Finanz"),
        "fr": ("Services financiers", "{} Finance"),
        "es": ("Servicios financieros", "Inversiones {}"),
        "pt": ("Serviços financeiros", "{} Investimentos"),
        "ar": ("الخدمات المالية", "شركة {} للخدمات المالية"),
        "ja": ("金融業", "{}ファイナンス"),
        "zh": ("金融业", "{}投资"),
        "ko": ("금융", "{}캐피탈"),
    },
    "healthcare": {
        "en": ("Healthcare", "{} Medical"),
        "de": ("Gesundheitswesen", "{} Medizintechnik"),
        "fr": ("Santé", "{} Santé"),
        "es": ("Sanidad", "{} Salud"),
        "pt": ("Saúde", "{} Saúde"),
        "ar": ("الرعاية الصحية", "شركة {} للخدمات الطبية"),
        "ja": ("医療", "{}メディカル"),
        "zh": ("医疗卫生", "{}医疗"),
        "ko": ("의료", "{}메디칼"),
    },
    "energy": {
        "en": ("Energy", "{} Energy"),
        "de": ("Energie", "{} Energie"),
        "fr": ("Énergie", "{} Énergie"),
        "es": ("Energía", "{} Energía"),
        "pt": ("Energia", "{} Energia"),
        "ar": ("الطاقة", "شركة {} للطاقة"),
        "ja": ("エネルギー", "{}エネルギー"),
        "zh": ("能源", "{}能源"),
        "ko": ("에너지", "{}에너지"),
    },
    "media": {
        "en": ("Media", "{} Media"),
        "de": ("Medien", "{} Medien"),
        "fr": ("Médias", "{} Communication"),
        "es": ("Medios de comunicación", "{} Comunicación"),
        "pt": ("Comunicação", "{} Comunicação"),
        "ar": ("الإعلام", "شركة {} للإعلام"),
        "ja": ("出版・メディア", "{}出版"),
        "zh": ("文化传媒", "{}传媒"),
        "ko": ("미디어", "{}미디어"),
    },
    "trade": {
        "en": ("Wholesale & Retail", "{} Trading"),
        "de": ("Groß- und Einzelhandel", "{} Handel"),
        "fr": ("Commerce", "{} Distribution"),
        "es": ("Comercio", "Comercial {}"),
        "pt": ("Comércio", "Comercial {}"),
        "ar": ("التجارة", "شركة {} للتجارة"),
        "ja": ("卸売・小売", "{}商事"),
        "zh": ("批发和零售", "{}贸易"),
        "ko": ("유통", "{}상사"),
    },
    "telecom": {
        "en": ("Telecommunications", "{} Telecom"),
        "de": ("Telekommunikation", "{} Telekommunikation"),
        "fr": ("Télécommunications", "{} Télécom"),
        "es": ("Telecomunicaciones", "Telecomunicaciones {}"),
        "pt": ("Telecomunicações", "{} Telecom"),
        "ar": ("الاتصالات", "شركة {} للاتصالات"),
        "ja": ("通信", "{}通信"),
        "zh": ("通信", "{}通信"),
        "ko": ("통신", "{}통신"),
    },
}

# The language company names and industries are written in, per market.
NAME_LANGUAGE = {
    "US": "en",
    "CA": "en",
    "GB": "en",
    "IN": "en",
    "AU": "en",
    "DE": "de",
    "FR": "fr",
    "ES": "es",
    "MX": "es",
    "BR": "pt",
    "AE": "ar",
    "JP": "ja",
    "CN": "zh",
    "KR": "ko",
}
# Legal forms as they follow (or, "{}" marking the name, surround) the name.
LEGAL_FORMS: dict[str, tuple[str, ...]] = {
    "US": ("{} Inc.", "{} LLC", "{} Corp."),
    "CA": ("{} Ltd.", "{} Inc."),
    "GB": ("{} Ltd", "{} Ltd", "{} PLC"),
    "IN": ("{} Private Limited", "{} Pvt. Ltd.", "{} Limited"),
    "AU": ("{} Pty Ltd",),
    "DE": ("{} GmbH", "{} GmbH", "{} GmbH & Co. KG", "{} AG"),
    "FR": ("{} SAS", "{} SARL", "{} SA"),
    "ES": ("{} S.L.", "{} S.L.", "{} S.A."),
    "MX": ("{} S.A. de C.V.", "{} S. de R.L. de C.V."),
    "BR": ("{} Ltda.", "{} Ltda.", "{} S.A."),
    "AE": ("{} ذ.م.م",),
    "JP": ("{}株式会社", "株式会社{}", "{}株式会社", "有限会社{}"),
    "CN": ("{}有限公司", "{}有限公司", "{}股份有限公司"),
    "KR": ("주식회사 {}", "(주){}", "{} 주식회사"),
}
# How two family names join when one is not enough for a unique name.
_JOINERS = {"en": " & ", "de": " & ", "fr": " & ", "es": " y ", "pt": " & ", "ar": " و"}
# Korean companies carry brands, not family names ("김건설" would look odd).
KOREAN_BRANDS = (
    "한빛",
    "대성",
    "삼호",
    "동양",
    "미래",
    "세원",
    "태광",
    "신성",
    "우성",
    "대원",
    "동성",
    "세진",
    "한울",
    "새한",
    "서진",
    "진성",
    "보람",
    "다온",
    "누리",
    "한결",
    "가온",
    "나래",
    "청솔",
    "푸른",
    "새롬",
    "하늘",
    "은하",
    "금강",
    "백두",
    "동해",
    "서해",
    "남산",
    "한강",
    "온누리",
    "해솔",
    "든솔",
    "아름",
    "큰길",
    "새빛",
    "솔빛",
)


def industry_label(industry: str, country: str) -> str:
    return INDUSTRIES[industry][NAME_LANGUAGE[country]][0]


def registration_city(address: dict[str, str]) -> str:
    """深圳 for an address in 深圳市; 上海 for one in 上海市's 浦东新区 (a city's own district)."""
    city = address.get("city", "")
    return (city if city.endswith("市") else address.get("country_area", "")).removesuffix("市")


class CompanyNamer:
    """Unique company names per country, from family names (or brands) and the industry."""

    def __init__(self) -> None:
        self.taken: dict[str, set[str]] = {}

    def name(
        self,
        rng: random.Random,
        country: str,
        industry: str,
        stems: list[str],
        address: dict[str, str],
    ) -> str:
        language = NAME_LANGUAGE[country]
        template = INDUSTRIES[industry][language][1]
        forms = LEGAL_FORMS[country]
        taken = self.taken.setdefault(country, set())
        # Chinese names lead with the city where the company is registered: 深圳华远软件有限公司.
        place = registration_city(address) if country == "CN" else ""
        for attempt in range(40):
            stem = rng.choice(stems)
            if attempt >= 8:  # taken: two family names (brands run together in CJK names)
                stem += _JOINERS.get(language, "") + rng.choice(stems)
            name = rng.choice(forms).format(place + template.format(stem))
            if name not in taken:
                taken.add(name)
                return name
        name = f"{name} {len(taken) + 1}"  # 40 taken draws: a practically unreachable fallback
        taken.add(name)
        return name


# --- tax numbers ----------------------------------------------------------------------------


def _spread(serial: int, modulus: int) -> int:
    """A bijection of 0..modulus-1 (1,000,003 is a prime dividing none of the moduli used) that
    makes consecutive serials look unrelated; distinct serials below `modulus` stay distinct."""
    return (serial * 1_000_003 + 12_345) % modulus


def _letters(value: int, count: int) -> str:
    out = ""
    for _ in range(count):
        value, rest = divmod(value, 26)
        out = chr(ord("A") + rest) + out
    return out


def _us(serial: int, rng: random.Random, name: str, place: dict[str, str]) -> tuple[str, str]:
    prefix = rng.choice(("12", "20", "26", "27", "45", "46", "47", "81", "82", "83", "84"))
    return "", f"{prefix}{_spread(serial, 10**7):07d}"


def _ca(serial: int, rng: random.Random, name: str, place: dict[str, str]) -> tuple[str, str]:
    body = f"{_spread(serial, 10**8):08d}"
    return f"{body}{luhn.calc_check_digit(body)}RT0001", ""  # the GST/HST account of the BN


def _mx(serial: int, rng: random.Random, name: str, place: dict[str, str]) -> tuple[str, str]:
    # Persona moral: three letters of the name, the date of incorporation, homoclave, check.
    letters = "".join(ch for ch in _ascii_upper(name) if "A" <= ch <= "Z")[:3].ljust(3, "X")
    alphabet = "123456789ABCDEFGHIJKLMNPQRSTUVWXYZ"  # the homoclave's: no 0 and no O
    pairs = len(alphabet) ** 2
    days, homoclave = divmod(_spread(serial, 8_000 * pairs), pairs)
    year, day = 1980 + days // 360, days % 360  # 8,000 days: founded 1980 to 2002
    date = f"{year % 100:02d}{1 + day // 30:02d}{1 + day % 30 % 28:02d}"
    first, second = divmod(homoclave, len(alphabet))
    base = f"{letters}{date}{alphabet[first]}{alphabet[second]}"
    return "", base + rfc.calc_check_digit(base)


def _br(serial: int, rng: random.Random, name: str, place: dict[str, str]) -> tuple[str, str]:
    base = f"{_spread(serial, 10**8):08d}0001"  # the head office (matriz)
    return "", base + cnpj.calc_check_digits(base)


def _gb(serial: int, rng: random.Random, name: str, place: dict[str, str]) -> tuple[str, str]:
    body = f"{1_000_000 + _spread(serial, 9_000_000):07d}"
    total = sum(w * int(d) for w, d in zip((8, 7, 6, 5, 4, 3, 2), body, strict=True))
    return f"{body}{(-total) % 97:02d}", ""  # the weighted sum with the check is 0 mod 97


def _de(serial: int, rng: random.Random, name: str, place: dict[str, str]) -> tuple[str, str]:
    body = f"{10_000_000 + _spread(serial, 90_000_000):08d}"
    return f"DE{body}{mod_11_10.calc_check_digit(body)}", ""


def _fr(serial: int, rng: random.Random, name: str, place: dict[str, str]) -> tuple[str, str]:
    body = f"{10_000_000 + _spread(serial, 90_000_000):08d}"
    siren = body + luhn.calc_check_digit(body)
    key = (12 + 3 * (int(siren) % 97)) % 97
    head_office = siren + "0001"
    return f"FR{key:02d}{siren}", head_office + luhn.calc_check_digit(head_office)  # TVA, SIRET


def _es(serial: int, rng: random.Random, name: str, place: dict[str, str]) -> tuple[str, str]:
    kind = "A" if name.endswith("S.A.") else "B"  # sociedad anónima / limitada
    body = f"{kind}{place.get('postal_code', '28')[:2]}{_spread(serial, 10**5):05d}"
    number = body + cif.calc_check_digits(body)[0]  # A and B take the digit form
    return f"ES{number}", number


def _ae(serial: int, rng: random.Random, name: str, place: dict[str, str]) -> tuple[str, str]:
    return f"100{_spread(serial, 10**9):09d}003", ""  # Tax Registration Number; no check digit


_GST_STATES = {
    "Maharashtra": "27",
    "Karnataka": "29",
    "Delhi": "07",
    "Tamil Nadu": "33",
    "Telangana": "36",
    "West Bengal": "19",
    "Gujarat": "24",
    "Haryana": "06",
    "Uttar Pradesh": "09",
    "Rajasthan": "08",
    "Kerala": "32",
    "Chandigarh": "04",
}
_GSTIN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _in(serial: int, rng: random.Random, name: str, place: dict[str, str]) -> tuple[str, str]:
    # PAN: three letters, C for a company, the name's initial, four digits, a letter.
    head, digits = divmod(_spread(serial, 26**3 * 9999), 9999)
    digits += 1  # 0001 to 9999: a PAN's digits are never all zero
    initial = next((ch for ch in _ascii_upper(name) if "A" <= ch <= "Z"), "X")
    pan = f"{_letters(head, 3)}C{initial}{digits:04d}{chr(ord('A') + serial % 26)}"
    gstin = f"{_GST_STATES.get(place.get('country_area', ''), '27')}{pan}1Z"
    return gstin + luhn.calc_check_digit(gstin, _GSTIN_ALPHABET), pan


# Registry offices (登記所) of the places table's prefectures, as the corporate number's first
# four digits: Tokyo, Kanagawa, Osaka, Aichi, Kyoto, Hyogo, Fukuoka, Hokkaido and the rest.
_JP_OFFICES = {
    "東京都": "0104",
    "神奈川県": "0200",
    "大阪府": "1200",
    "愛知県": "1800",
    "京都府": "1300",
    "兵庫県": "1400",
    "福岡県": "2900",
    "北海道": "4300",
    "宮城県": "3700",
    "広島県": "2400",
    "大分県": "3200",
    "埼玉県": "0300",
    "千葉県": "0400",
    "静岡県": "0800",
}


def _jp(serial: int, rng: random.Random, name: str, place: dict[str, str]) -> tuple[str, str]:
    office = _JP_OFFICES.get(place.get("country_area", ""), "0104")
    base = f"{office}01{_spread(serial, 10**6):06d}"  # 01: a stock company (株式会社)
    return "", jp_cn.calc_check_digit(base) + base


# GB/T 2260 codes of the places table's districts, the USCC's third to eighth characters.
_CN_DISTRICTS = {
    "朝阳区": "110105",
    "海淀区": "110108",
    "东城区": "110101",
    "浦东新区": "310115",
    "黄浦区": "310101",
    "静安区": "310106",
    "徐汇区": "310104",
    "和平区": "120101",
    "渝中区": "500103",
    "天河区": "440106",
    "越秀区": "440104",
    "南山区": "440305",
    "福田区": "440304",
    "西湖区": "330106",
    "滨江区": "330108",
    "鼓楼区": "320106",
    "姑苏区": "320508",
    "锦江区": "510104",
    "江汉区": "420103",
    "市南区": "370202",
    "碑林区": "610103",
}
_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _cn(serial: int, rng: random.Random, name: str, place: dict[str, str]) -> tuple[str, str]:
    district = place.get("city_area") or place.get("city", "")
    code = _CN_DISTRICTS.get(district, "310115")
    # The organisation code (GB 11714): eight characters and their check character.
    org = f"MA{_spread(serial, 10**6):06d}"
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(w * _ORG_ALPHABET.index(c) for w, c in zip(weights, org, strict=True))
    check = 11 - total % 11
    org += {10: "X", 11: "0"}.get(check, str(check))
    base = f"91{code}{org}"  # 9: registered by market regulation, 1: an enterprise
    return "", base + uscc.calc_check_digit(base)


def _kr(serial: int, rng: random.Random, name: str, place: dict[str, str]) -> tuple[str, str]:
    value = _spread(serial, 899 * 9999)
    office, number = divmod(value, 9999)
    body = f"{101 + office:03d}81{1 + number:04d}"  # 81: a for-profit corporation's head office
    weights = (1, 3, 7, 1, 3, 7, 1, 3, 5)
    total = sum(w * int(d) for w, d in zip(weights, body, strict=True)) + int(body[8]) * 5 // 10
    return "", f"{body}{(10 - total % 10) % 10}"


def _au(serial: int, rng: random.Random, name: str, place: dict[str, str]) -> tuple[str, str]:
    body = f"{_spread(serial, 10**8):08d}"
    company_number = body + acn.calc_check_digit(body)  # the ACN, which the ABN extends
    return "", abn.calc_check_digits(company_number) + company_number


def _ascii_upper(text: str) -> str:
    return anyascii(text).upper()


IdentifierMaker = Callable[[int, random.Random, str, dict[str, str]], tuple[str, str]]
IDENTIFIERS: dict[str, IdentifierMaker] = {
    "US": _us,
    "CA": _ca,
    "MX": _mx,
    "BR": _br,
    "GB": _gb,
    "DE": _de,
    "FR": _fr,
    "ES": _es,
    "AE": _ae,
    "IN": _in,
    "JP": _jp,
    "CN": _cn,
    "KR": _kr,
    "AU": _au,
}


def identifiers(
    country: str, serial: int, rng: random.Random, name: str, address: dict[str, str]
) -> tuple[str, str]:
    """(VAT number, tax id) of the country's `serial`-th company, compact; "" where none."""
    # A shift per country, so the first companies of two countries do not share digits.
    shifted = serial + int.from_bytes(country.encode()) * 7919
    return IDENTIFIERS[country](shifted, rng, name, address)
