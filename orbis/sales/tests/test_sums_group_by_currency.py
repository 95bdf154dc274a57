"""No SQL sum in the sales app adds two currencies: every `Sum(` sits in a query that groups by
a currency column first (`.values(..., "currency")`), as totals.sum_by_currency does."""

from __future__ import annotations

import re
from pathlib import Path

SALES = Path(__file__).resolve().parents[1]
GROUPED = re.compile(r"""\.values\([^)]*currency[^)]*\)\s*\.annotate\(\s*\w+=Sum\(""")


def _sums(text: str) -> list[int]:
    return [m.start() for m in re.finditer(r"\bSum\(", text)]


def ungrouped_sums(code: str) -> tuple[int, list[int]]:
    """How many sums `code` holds, and the lines of those not grouped by a currency."""
    code = re.sub(r'""".*?"""', lambda m: " " * len(m.group(0)), code, flags=re.S)
    grouped = {m.end() - len("Sum(") for m in GROUPED.finditer(code)}
    sums = _sums(code)
    bad = [
        code.count("\n", 0, start) + 1
        for start in sums
        if start not in grouped and not _second_sum_of_group(code, start, grouped)
    ]
    return len(sums), bad


def test_the_scan_tells_grouped_from_ungrouped_sums() -> None:
    grouped = 'rows.values("currency").annotate(total=Sum("amount"), w=Sum("weighted"))'
    assert ungrouped_sums(grouped) == (2, [])
    assert ungrouped_sums('rows.aggregate(total=Sum("amount"))') == (1, [1])
    assert ungrouped_sums('rows.values("stage").annotate(total=Sum("amount"))') == (1, [1])


def test_every_sum_in_sales_is_grouped_by_a_currency() -> None:
    offenders, checked = [], 0
    for path in sorted(SALES.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        count, bad = ungrouped_sums(path.read_text(encoding="utf-8"))
        checked += count
        offenders += [f"{path.relative_to(SALES)}:{line}" for line in bad]
    assert checked >= 3, "the scan found no sums: it no longer reads the app"
    assert not offenders, f"sums not grouped by currency: {offenders}"


def _second_sum_of_group(code: str, start: int, grouped: set[int]) -> bool:
    """`annotate(total=Sum("amount"), weighted=Sum("weighted"))`: the same annotate call."""
    return any(first < start and ")" not in _outside_calls(code[first:start]) for first in grouped)


def _outside_calls(segment: str) -> str:
    """The segment with balanced (...) removed: what is left closes the annotate call."""
    previous = None
    while previous != segment:
        previous, segment = segment, re.sub(r"\([^()]*\)", "", segment)
    return segment
