"""record() appends an audit event to the hash chain; verify() proves the chain intact.

Each event's hash is an HMAC over the previous hash and the event's canonical JSON, keyed by
AUDIT_HMAC_KEY, so someone who can edit the table but lacks the key cannot re-forge the chain.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .context import Actor, current_request_id
from .macs import head_mac
from .models import AuditChainHead, AuditEvent

GENESIS = "0" * 64


def _canonical(event: AuditEvent) -> bytes:
    payload = {
        "seq": event.seq,
        "occurred_at": event.occurred_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "changes": event.changes,
        "request_id": event.request_id,
        "region": event.region,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()


def _digest(prev_hash: str, event: AuditEvent) -> str:
    key = settings.AUDIT_HMAC_KEY.encode()
    return hmac.new(key, prev_hash.encode() + _canonical(event), hashlib.sha256).hexdigest()


def record(
    action: str,
    target: Any = None,
    *,
    actor: Any,
    changes: dict[str, Any] | None = None,
    region: str = "",
) -> AuditEvent:
    """Append one event. Call it inside the service's transaction so both commit or neither.

    `actor` is whoever the calling service was given (a user, a SystemActor, or an Actor for
    a visitor without an account): required, so the trail names the service's caller rather
    than whoever the request context happens to hold.
    """
    actor = actor if isinstance(actor, Actor) else Actor.of(actor)
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        event = AuditEvent(
            seq=head.last_seq + 1,
            occurred_at=timezone.now(),
            actor_id=actor.id,
            actor_label=actor.label,
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            changes=json.loads(json.dumps(changes or {}, default=str)),
            request_id=current_request_id(),
            region=region or actor.region,
            prev_hash=head.last_hash or GENESIS,
        )
        event.hash = _digest(event.prev_hash, event)
        event.save(force_insert=True)
        head.last_seq, head.last_hash = event.seq, event.hash
        head.mac = head_mac(event.seq, event.hash)
        head.save(update_fields=["last_seq", "last_hash", "mac"])
    return event


@dataclass
class VerifyResult:
    """What verify() found: how many events it checked and every break in the chain."""

    checked: int = 0
    problems: list[str] = field(default_factory=list)
    sealed_reads: int = 0
    unsealed_reads: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(batch_size: int = 5000) -> VerifyResult:
    """Walk the whole chain; report edited, inserted, reordered or deleted events, and sealed
    read events that no longer match their seal (audit.reads)."""
    from .checkpoints import checkpointed_seqs

    result = VerifyResult()
    expected_prev, expected_seq = GENESIS, 1
    wanted = checkpointed_seqs()
    hashes_at: dict[int, str] = {}  # the hashes of the events the checkpoints name
    for event in _iter_events(batch_size):
        result.checked += 1
        if event.seq in wanted:
            hashes_at[event.seq] = event.hash
        if event.seq != expected_seq:
            result.problems.append(
                f"event #{event.seq}: expected #{expected_seq} next; events are missing or inserted"
            )
        if event.prev_hash != expected_prev:
            result.problems.append(f"event #{event.seq}: does not link to the event before it")
        if not hmac.compare_digest(event.hash, _digest(event.prev_hash, event)):
            result.problems.append(f"event #{event.seq}: content does not match its hash (edited)")
        expected_prev, expected_seq = event.hash, event.seq + 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and (head.last_seq, head.last_hash) != (expected_seq - 1, expected_prev):
        result.problems.append(
            f"chain ends at #{expected_seq - 1} but the head says #{head.last_seq}: "
            "the newest events were deleted"
        )
    if (
        head is not None
        and head.last_seq
        and not hmac.compare_digest(head.mac, head_mac(head.last_seq, head.last_hash))
    ):
        result.problems.append("the chain head was rewritten: its MAC does not match")
    if head is None and result.checked:
        result.problems.append("the chain head is missing")
    from .checkpoints import compare_with_checkpoints

    result.problems.extend(compare_with_checkpoints(expected_seq - 1, hashes_at))
    from .reads import verify_reads  # reads seal through record(): imported late, no cycle

    reads = verify_reads()
    result.problems.extend(reads.problems)
    result.sealed_reads, result.unsealed_reads = reads.sealed, reads.unsealed
    return result


def _iter_events(batch_size: int) -> Iterator[AuditEvent]:
    last = 0
    while True:
        batch = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")[:batch_size])
        if not batch:
            return
        yield from batch
        last = batch[-1].seq
