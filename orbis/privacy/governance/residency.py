"""Residency: which regions' users may reach which regions' personal data, and the transfer log.

A user's own region is their team's region. Superusers and users without a team have no home
region: the residency policy does not restrict them (their roles still do) and their reads are
not transfers; the dashboard counts active users without a team so that none is left so.

Within a region everything is allowed. Across regions, a ResidencyPolicy row for the pair
(user's region, data region) must allow it and name its legal mechanism; a pair without a row
is refused. `residency_guard` is the identity access guard: identity asks it once per user and
region. The policies and the teams' regions are read once into a process-wide snapshot
renewed every SNAPSHOT_SECONDS (and at once in the process that changes a policy), so the
guard costs no query on the hot path; a policy change reaches other processes within that time.

`log_transfers` is a read observer: every read of records held outside the user's region is
written to the TransferLog with the mechanism that allowed it.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone

from orbis.identity.access import grants_for
from orbis.identity.models import Team
from orbis.localisation.models import Region

from .models import Mechanism, ResidencyPolicy, TransferLog

SNAPSHOT_SECONDS = 30.0
# How the guard's refusal reason starts (the audit keeps it); the transfers page translates it.
NO_POLICY_REASON = "no residency policy allows access"


@dataclass(frozen=True)
class Snapshot:
    """Policies, teams' regions and region codes as read at `loaded_at` (monotonic clock)."""

    loaded_at: float
    team_regions: dict[Any, Any]
    region_codes: dict[Any, str]
    policies: dict[tuple[Any, Any], tuple[bool, str]]


_lock = threading.Lock()
_snapshot: Snapshot | None = None


def invalidate() -> None:
    """Forget the snapshot; the next check reads policies and teams again."""
    global _snapshot
    _snapshot = None


def snapshot(*, fresh: bool = False) -> Snapshot:
    global _snapshot
    current = _snapshot
    if (
        not fresh
        and current is not None
        and time.monotonic() - current.loaded_at < SNAPSHOT_SECONDS
    ):
        return current
    with _lock:
        current = Snapshot(
            loaded_at=time.monotonic(),
            team_regions=dict(Team.objects.values_list("pk", "region_id")),
            region_codes=dict(Region.objects.values_list("pk", "code")),
            policies={
                (p.user_region_id, p.data_region_id): (p.allowed, p.mechanism)
                for p in ResidencyPolicy.objects.all()
            },
        )
        _snapshot = current
    return current


def home_region(user: Any) -> Any:
    """The id of the region the user works from (their team's), or None: not restricted."""
    if user is None or getattr(user, "is_superuser", False):
        return None
    team_id = getattr(user, "team_id", None)
    if team_id is None:
        return None
    snap = snapshot()
    if team_id not in snap.team_regions:  # a team made after the snapshot
        snap = snapshot(fresh=True)
    return snap.team_regions.get(team_id)


@dataclass(frozen=True)
class Decision:
    """Whether a user from `home` may reach data in `data_region`, on which mechanism."""

    allowed: bool
    mechanism: str = ""
    reason: str = ""


def decide(home: Any, data_region: Any) -> Decision:
    if home is None or home == data_region:
        return Decision(True)
    snap = snapshot()
    codes = snap.region_codes
    pair = f"{codes.get(home, home)} -> {codes.get(data_region, data_region)}"
    allowed, mechanism = snap.policies.get((home, data_region), (False, ""))
    if not allowed or not mechanism:
        return Decision(False, reason=f"{NO_POLICY_REASON} {pair}")
    return Decision(True, mechanism=mechanism)


def residency_guard(user: Any, region_id: Any) -> str | None:
    """The identity access guard: the reason `user` may not reach `region_id`, or None."""
    decision = decide(home_region(user), region_id)
    return None if decision.allowed else decision.reason


def _region_field(target_type: str) -> bool:
    try:
        model = apps.get_model(target_type)
        model._meta.get_field("region")
    except (LookupError, ValueError, FieldDoesNotExist):
        return False
    return True


def log_transfers(user: Any, target_type: str, ids: Sequence[str], channel: str) -> None:
    """The read observer: one TransferLog row per foreign region among the records read."""
    home = home_region(user)
    if home is None:
        return
    reachable = grants_for(user).any_region_ids
    if reachable is not None and reachable <= {home}:
        return  # the user can only ever see their own region: nothing crosses a border
    if not _region_field(target_type):
        return
    model = apps.get_model(target_type)
    by_region: dict[Any, list[str]] = defaultdict(list)
    rows = model._base_manager.filter(pk__in=ids).exclude(region_id=home)
    for pk, region_id in rows.values_list("pk", "region_id"):
        by_region[region_id].append(str(pk))
    if not by_region:
        return
    codes = snapshot().region_codes
    now = timezone.now()
    TransferLog.objects.bulk_create(
        [
            TransferLog(
                occurred_at=now,
                actor_id=str(user.pk),
                actor_label=user.get_username(),
                from_region=codes.get(region_id, str(region_id)),
                to_region=codes.get(home, str(home)),
                mechanism=decide(home, region_id).mechanism,
                target_type=target_type,
                target_ids=sorted(region_ids),
                channel=channel,
            )
            for region_id, region_ids in by_region.items()
        ]
    )


def default_mechanism(user_region: Region, data_region: Region) -> str:
    """The mechanism a default policy names: PIPL's for data held in Greater China, SCCs else."""
    if data_region.code == "gc":
        return Mechanism.PIPL_CONTRACT
    return Mechanism.SCC
