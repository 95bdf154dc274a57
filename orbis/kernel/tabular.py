"""Every CSV (and, as exports arrive, XLSX) file Orbis writes goes through here, so that no
cell can run as a formula when the file is opened in a spreadsheet.

OWASP's rule for CSV injection: a text cell that begins with `=`, `+`, `-`, `@`, a tab or a
carriage return is prefixed with a single quote, which spreadsheets show but do not evaluate.
A cell that is plainly a number or a phone number ("-12.5", "+49 30 901820") stays as it is:
it cannot call a function or reach a URL, and mangling every phone number would help no one.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9][0-9 ().\-/]*")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet may read it: formula-like text quoted, the rest unchanged."""
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


class SafeCsvWriter:
    """csv.writer whose cells are neutralised; the only CSV writer Orbis code may use."""

    def __init__(self, out: TextIO, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
