"""Re-encrypting stored values after a key rotation, and counting which key seals what.

A rotation makes a new key version current for a region (`LocalKeyring.add_key`, or a new key
in ORBIS_KEYRING / the KMS). New writes use it at once; old tokens still open with the key named
in them. `reencrypt()` then walks every encrypted column of every model (kernel.fields) and
re-seals the values whose token names a key that is no longer current, in batches, each batch its
own short transaction. Each row is written back only if it still holds the token that was read
(a conditional UPDATE), so a user saving the same row meanwhile wins and nothing is lost: safe
while the application runs. The old key can be removed once `status()` counts no row for it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast

from . import crypto
from .fields import EncryptedMixin, SealedValuesJSONField, sealed_columns


@dataclass(frozen=True)
class Column:
    """One encrypted column: its model and field."""

    model: type[models.Model]
    field: Any

    @property
    def label(self) -> str:
        return f"{self.model._meta.label_lower}.{self.field.name}"


def columns() -> Iterator[Column]:
    for model in apps.get_models():
        for field in sealed_columns(model):
            yield Column(model, field)


def domain_of_key(key_id: str) -> str:
    return key_id.rsplit("-", 1)[0]


def retired_keys(region: str | None = None) -> list[str]:
    """Key ids that are no longer current for their domain (optionally for one region)."""
    ring = crypto.keyring()
    retired = []
    for key_id in ring.key_ids():
        domain = domain_of_key(key_id)
        if region is not None and domain != region:
            continue
        try:
            current = ring.current_key_id(domain)
        except crypto.KeyNotFound:
            continue
        if current != key_id:
            retired.append(key_id)
    return retired


def _as_text(column: Column) -> Any:
    return column.model._base_manager.annotate(
        _sealed_text=Cast(column.field.name, models.TextField())
    )


def _holding(column: Column, key_id: str) -> Any:
    if isinstance(column.field, EncryptedMixin):
        return column.model._base_manager.filter(**{f"{column.field.name}__sealed_with": key_id})
    return _as_text(column).filter(_sealed_text__contains=f"{crypto.TOKEN_PREFIX}{key_id}$")


def status() -> dict[str, dict[str, int]]:
    """Per key id, per column: how many rows hold a value sealed by it ('plain' for unsealed)."""
    report: dict[str, dict[str, int]] = {}
    for column in columns():
        for key_id in crypto.keyring().key_ids():
            count = _holding(column, key_id).count()
            if count:
                report.setdefault(key_id, {})[column.label] = count
        if isinstance(column.field, EncryptedMixin):
            plain = (
                _as_text(column)
                .exclude(_sealed_text__startswith=crypto.TOKEN_PREFIX)
                .exclude(_sealed_text="")
                .exclude(_sealed_text__isnull=True)
                .count()
            )
            if plain:
                report.setdefault("plain", {})[column.label] = plain
    return report


def _reseal_json(field: SealedValuesJSONField, raw: Any, key_id: str) -> dict[str, Any]:
    values = json.loads(raw) if isinstance(raw, str) else dict(raw)
    domain = domain_of_key(key_id)
    for key, value in values.items():
        if crypto.is_token(value) and crypto.token_key_id(value) == key_id:
            plain = crypto.decrypt(value, field.key_aad(key))
            values[key] = crypto.encrypt(plain, domain, field.key_aad(key))
    return values


def _batch(column: Column, key_id: str, size: int) -> int:
    """Re-seal up to `size` rows of `column` sealed by `key_id`; how many were read."""
    field, manager = column.field, column.model._base_manager
    with transaction.atomic():
        if isinstance(field, EncryptedMixin):
            rows = list(_holding(column, key_id).values_list("pk", field.name)[:size])
            domain = domain_of_key(key_id)
            for pk, value in rows:
                token = field.seal(value, domain)
                # Only if it still holds a token of the old key: a concurrent save wins.
                manager.filter(pk=pk, **{f"{field.name}__sealed_with": key_id}).update(
                    **{field.attname: token}
                )
        else:
            rows = list(_holding(column, key_id).values_list("pk", "_sealed_text")[:size])
            for pk, raw in rows:
                _as_text(column).filter(pk=pk, _sealed_text=raw).update(
                    **{field.attname: _reseal_json(field, raw, key_id)}
                )
    return len(rows)


def reencrypt(
    region: str | None = None,
    batch_size: int = 1000,
    progress: Callable[[str, str, int], None] | None = None,
) -> dict[str, int]:
    """Re-seal every value held under a retired key with its region's current key.

    Returns the number of rows re-sealed per column. `progress(column, key_id, rows)` is
    called after each batch.
    """
    done: dict[str, int] = {}
    for key_id in retired_keys(region):
        for column in columns():
            while True:
                count = _batch(column, key_id, batch_size)
                if not count:
                    break
                done[column.label] = done.get(column.label, 0) + count
                if progress is not None:
                    progress(column.label, key_id, count)
                if count < batch_size:
                    break
    return done
