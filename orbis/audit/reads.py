"""Audit of reads: one cheap row per read of personal data, sealed into the hash chain later.

Reads are far more frequent than writes, and the chain serialises every append through its
locked head row. So a read is one INSERT into ReadEvent (SQL built once per process, no lock);
the periodic job `audit.seal_reads` takes the unsealed rows in batches and appends one chained
event per batch (`audit.reads_sealed`) holding the batch's count, its first and last number and
an HMAC over its rows' canonical form, then marks the rows with that event's number. verify()
recomputes every batch from its rows, so a sealed read that was edited, deleted, re-pointed or
slipped in is found; rows not yet sealed are reported as such (they are minutes old at most).

Rows hold record ids, the target type and the channel, never personal values.

Durability: on PostgreSQL a read outside a transaction commits without waiting for its WAL
flush (synchronous_commit off for that one statement, as PostgreSQL's documentation suggests
for logging): a crash of the database server can lose the read events of its last fraction of
a second (up to 3 x wal_writer_delay), never a write or its audit event. Waiting for the flush
cost the API a sixth to a third of its throughput (docs/performance.md). AUDIT_READS_DURABLE makes
every read event wait; inside a transaction a read event commits with that transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from orbis.kernel.prepared import Statement

from .context import Actor, current_request_id
from .models import AuditEvent, ReadEvent

logger = logging.getLogger(__name__)

SEAL_ACTION = "audit.reads_sealed"
SEAL_BATCH = 5000

_INSERT_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_label",
    "target_type",
    "target_ids",
    "channel",
    "request_id",
    "mac",
)


def _qn(name: str) -> str:
    return connection.ops.quote_name(name)


def _insert_sql(vendor: str, asynchronous: bool = False) -> str:
    columns = ", ".join(
        _qn(str(getattr(ReadEvent._meta.get_field(f), "column", f))) for f in _INSERT_FIELDS
    )
    placeholders = ", ".join(["%s"] * len(_INSERT_FIELDS))
    insert = f"INSERT INTO {_qn(ReadEvent._meta.db_table)} ({columns})"
    if not asynchronous:
        return f"{insert} VALUES ({placeholders})"
    # set_config(..., true) holds for the statement's own transaction only (see the module's
    # note on durability); PostgreSQL only.
    return (
        f"{insert} SELECT {placeholders} "  # noqa: S608
        "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit"
    )


_INSERT = Statement("read_event", _insert_sql)
_INSERT_ASYNC = Statement("read_event_async", lambda vendor: _insert_sql(vendor, True))


def read_mac(
    occurred_at: Any, actor_id: str, actor_label: str, target_type: str, ids: Sequence[str],
    channel: str, request_id: str,
) -> str:  # fmt: skip
    """The HMAC of one read event's content, written with the row and checked before sealing:
    a row inserted by anyone without the audit key is never sealed into the chain."""
    message = json.dumps(
        [occurred_at.isoformat(), actor_id, actor_label, target_type, list(ids), channel,
         request_id],
        separators=(",", ":"),
    )  # fmt: skip
    return hmac.new(settings.AUDIT_HMAC_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()


def is_genuine(event: ReadEvent) -> bool:
    expected = read_mac(
        event.occurred_at, event.actor_id, event.actor_label, event.target_type,
        event.target_ids, event.channel, event.request_id,
    )  # fmt: skip
    return hmac.compare_digest(event.mac, expected)


def record_read(user: Any, target_type: str, ids: Sequence[str], channel: str) -> None:
    """The read observer (kernel registry): append one ReadEvent for `user` reading `ids`."""
    actor = Actor.of(user)
    ids_field = ReadEvent._meta.get_field("target_ids")
    now, label, channel, request_id = (
        timezone.now(),
        actor.label[:150],
        channel[:32],
        current_request_id(),
    )
    ids = [str(i) for i in ids]
    values = [
        now,
        actor.id,
        label,
        target_type,
        ids_field.get_db_prep_value(ids, connection),
        channel,
        request_id,
        read_mac(now, actor.id, label, target_type, ids, channel, request_id),
    ]
    values[0] = ReadEvent._meta.get_field("occurred_at").get_db_prep_value(values[0], connection)
    # Only a statement that is its own transaction: inside a longer one, the setting would
    # hold for every write of that transaction.
    asynchronous = (
        connection.vendor == "postgresql"
        and connection.get_autocommit()
        and not connection.in_atomic_block
        and not settings.AUDIT_READS_DURABLE
    )
    with connection.cursor() as cursor:
        (_INSERT_ASYNC if asynchronous else _INSERT).execute(cursor, values)


def _canonical(event: ReadEvent) -> bytes:
    payload = {
        "seq": event.seq,
        "occurred_at": event.occurred_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "target_type": event.target_type,
        "target_ids": event.target_ids,
        "channel": event.channel,
        "request_id": event.request_id,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()


def batch_digest(events: Iterable[ReadEvent]) -> tuple[int, str]:
    """How many rows and the HMAC over their canonical forms, in sequence order."""
    mac = hmac.new(settings.AUDIT_HMAC_KEY.encode(), digestmod=hashlib.sha256)
    count = 0
    for event in events:
        mac.update(_canonical(event))
        mac.update(b"\n")
        count += 1
    return count, mac.hexdigest()


def seal_reads(batch_size: int = SEAL_BATCH, max_batches: int = 100) -> list[AuditEvent]:
    """Seal unsealed read events into the chain, one chained event per batch; returns them.

    Rows are picked by their empty `seal`, not by a number range: on PostgreSQL a read whose
    transaction commits late may carry a lower number than rows already sealed, and it is simply
    sealed in a later batch.
    """
    from .services import record

    seals = []
    for _ in range(max_batches):
        with transaction.atomic():
            pending = ReadEvent.objects.filter(seal__isnull=True).order_by("seq")
            picked = list(pending.select_for_update(skip_locked=True)[:batch_size])
            if not picked:
                break
            rows = [row for row in picked if is_genuine(row)]
            if len(rows) < len(picked):  # verify() names them; they are never sealed
                logger.error("%d read event(s) fail their MAC", len(picked) - len(rows))
            if not rows:
                break
            count, digest = batch_digest(rows)
            seal = record(
                SEAL_ACTION,
                changes={
                    "count": count,
                    "first_seq": rows[0].seq,
                    "last_seq": rows[-1].seq,
                    "digest": digest,
                },
                actor=Actor(label="system"),
            )
            ReadEvent.objects.filter(seq__in=[r.seq for r in rows]).update(seal=seal.seq)
            seals.append(seal)
        if len(picked) < batch_size:
            break
    return seals


@dataclass
class ReadsCheck:
    """What verify_reads() found: sealed batches and rows checked, rows awaiting a seal."""

    batches: int = 0
    sealed: int = 0
    unsealed: int = 0
    problems: list[str] = field(default_factory=list)


def verify_reads() -> ReadsCheck:
    """Recompute every sealed batch from its rows and compare with its chained seal event."""
    check = ReadsCheck()
    known = set()
    for seal in AuditEvent.objects.filter(action=SEAL_ACTION).order_by("seq").iterator():
        known.add(seal.seq)
        check.batches += 1
        rows = ReadEvent.objects.filter(seal=seal.seq).order_by("seq").iterator(chunk_size=2000)
        count, digest = batch_digest(rows)
        check.sealed += count
        expected = seal.changes or {}
        if count != expected.get("count"):
            check.problems.append(
                f"read seal #{seal.seq}: {count} read events where {expected.get('count')} were "
                "sealed (deleted or added)"
            )
        elif not hmac.compare_digest(digest, str(expected.get("digest", ""))):
            check.problems.append(f"read seal #{seal.seq}: read events do not match (edited)")
    stray = (
        ReadEvent.objects.filter(seal__isnull=False)
        .exclude(seal__in=known)
        .values_list("seal", flat=True)
        .distinct()
    )
    for seal_seq in stray:
        check.problems.append(f"read events claim seal #{seal_seq}, which is no seal event")
    unsealed = ReadEvent.objects.filter(seal__isnull=True).order_by("seq")
    check.unsealed = unsealed.count()
    for row in unsealed.iterator(chunk_size=2000):
        if not is_genuine(row):
            check.problems.append(
                f"read event #{row.seq} was not written by Orbis: its MAC does not match"
            )
    return check
