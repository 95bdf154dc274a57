"""Checkpoints of the audit chain kept outside the database, so that a chain cut back or
emptied, head row and all, is still found out.

The job `audit.checkpoint` (every 10 minutes, and after the daily check) appends the head's
number and hash, with an HMAC under the audit key, as one JSON line to AUDIT_CHECKPOINT_FILE
and writes the same line to the log (logger `orbis.audit.checkpoint`). An operator ships the
log, or copies the file, to a place the database's administrators cannot write. verify()
then demands that every checkpointed event still exists with the hash it had.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .macs import keyed

logger = logging.getLogger("orbis.audit.checkpoint")


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str
    mac: str

    @property
    def genuine(self) -> bool:
        import hmac

        return hmac.compare_digest(self.mac, _mac(self.seq, self.hash, self.at))


def _mac(seq: int, last_hash: str, at: str) -> str:
    return keyed(f"orbis-audit-checkpoint:{seq}:{last_hash}:{at}")


def path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_FILE)


def read_checkpoints() -> tuple[list[Checkpoint], list[str]]:
    """The checkpoints in the file, and a problem for every line that is not genuine."""
    found: list[Checkpoint] = []
    problems: list[str] = []
    if not path().is_file():
        return found, problems
    for number, line in enumerate(path().read_text().splitlines(), start=1):
        try:
            data = json.loads(line)
            point = Checkpoint(
                int(data["seq"]), str(data["hash"]), str(data["at"]), str(data["mac"])
            )
        except (ValueError, KeyError, TypeError):
            problems.append(f"checkpoint file line {number} is not a checkpoint")
            continue
        if not point.genuine:
            problems.append(f"checkpoint file line {number} was altered: its MAC does not match")
            continue
        found.append(point)
    return found, problems


def write_checkpoint() -> Checkpoint | None:
    """Append the head as a checkpoint when it moved since the last one; the newest one."""
    from .models import AuditChainHead

    head = AuditChainHead.objects.filter(id=1).first()
    if head is None or not head.last_seq:
        return None
    points, _ = read_checkpoints()
    if points and points[-1].seq == head.last_seq:
        return points[-1]
    at = timezone.now().isoformat()
    point = Checkpoint(head.last_seq, head.last_hash, at, _mac(head.last_seq, head.last_hash, at))
    line = json.dumps(point.__dict__, sort_keys=True)
    path().parent.mkdir(parents=True, exist_ok=True)
    with path().open("a") as out:
        out.write(line + "\n")
        out.flush()
        os.fsync(out.fileno())
    logger.info("audit checkpoint %s", line)
    return point


def checkpointed_seqs() -> set[int]:
    return {point.seq for point in read_checkpoints()[0]}


def compare_with_checkpoints(last_seq: int, hashes_at: dict[int, str]) -> list[str]:
    """Problems of a chain whose newest event is `last_seq`, given the hashes found at the
    checkpointed numbers: an event a checkpoint names must be there, unchanged."""
    points, problems = read_checkpoints()
    for point in points:
        found = hashes_at.get(point.seq)
        if found is None:
            problems.append(
                f"checkpoint of {point.at} names event #{point.seq}, which is gone: the chain "
                f"was cut back (it now ends at #{last_seq})"
            )
        elif found != point.hash:
            problems.append(f"event #{point.seq} differs from its checkpoint of {point.at}")
    return problems
