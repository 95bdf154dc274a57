"""The suppression list's intake check: an erased person's email or phone never comes back."""

from __future__ import annotations

from typing import Any

from orbis.kernel.crypto import blind_index
from orbis.kernel.errors import ValidationError

from .models import (
    SuppressionEntry,
)


def refuse_suppressed(values: dict[str, Any]) -> None:
    """Intake check: a new contact may not carry an erased person's email or phone."""
    wanted: dict[tuple[str, str], str] = {}
    for kind, key in (("email", "emails"), ("phone", "phones")):
        for index, point in enumerate(values.get(key) or []):
            wanted[(kind, blind_index(kind, str(point["value"])))] = f"{key}.{index}.value"
    if not wanted:
        return
    # Unscoped on purpose: erasure holds in every region, and this answers only "suppressed or
    # not" for values the caller already has (keyed hashes, never shown).
    found = SuppressionEntry.objects.filter(
        blind_index__in=[index for _, index in wanted]
    ).values_list("kind", "blind_index")
    errors = {
        wanted[(kind, index)]: (
            "This person asked to be erased; this email may not be added again."
            if kind == "email"
            else "This person asked to be erased; this phone may not be added again."
        )
        for kind, index in found
        if (kind, index) in wanted
    }
    if errors:
        raise ValidationError(errors)
