"""The example numbers python-stdnum documents for a module, read from its own doctests."""

from __future__ import annotations

import doctest
import re
from typing import Any

_CALL = re.compile(r"validate\('([^']*)'\)\n")


def documented(module: Any) -> tuple[list[str], list[tuple[str, str]]]:
    """(valid examples, [(invalid example, stdnum's exception name)]) from `module`'s doctests."""
    valid: list[str] = []
    invalid: list[tuple[str, str]] = []
    for example in doctest.DocTestParser().get_examples(module.__doc__ or ""):
        call = _CALL.fullmatch(example.source)
        if not call:
            continue
        if example.exc_msg is None:
            valid.append(call.group(1))
        else:
            invalid.append((call.group(1), example.exc_msg.split(":")[0].strip()))
    return valid, invalid
