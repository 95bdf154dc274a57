"""Throttling of password guessing, by django-axes: after AXES_FAILURE_LIMIT failed sign-ins
for one username, or from one client address, within AXES_COOLOFF_TIME, every sign-in from
there is refused, the right password included, until the period ends or a manager unlocks.

An unknown username counts like a known one and the answer is the same page, so a lockout
tells no one whether an account exists. Each lockout is audited; so is each unlock.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from axes.utils import reset
from django.conf import settings
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.crypto import salted_hmac

from orbis.audit.context import Actor
from orbis.audit.services import record

LOCKOUT = Actor(label="system:sign-in-throttle")


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> Any:
    """AXES_LOCKOUT_CALLABLE: the styled page, 429, the same for every username."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


@receiver(user_locked_out)
def audit_lockout(
    sender: Any, request: HttpRequest, username: str, ip_address: str, **_: Any
) -> None:
    # django-axes signals on every refused attempt; one event per lockout period is the news,
    # and an attacker must not be able to grow the audit chain by knocking on a locked door.
    period = int(settings.AXES_COOLOFF_TIME.total_seconds())
    fresh = [
        cache.add(f"sign-in-lockout-audited:{salted_hmac('lockout', part).hexdigest()}", 1, period)
        for part in (f"username:{username}", f"ip:{ip_address}")
    ]
    if not all(fresh):  # this account, or this address, was reported locked already
        return
    # The username typed, not an account id: it may name no one, and saying which would tell.
    record(
        "identity.sign_in_locked",
        actor=LOCKOUT,
        changes={"username": (username or "")[:150], "ip_address": ip_address or ""},
    )


def unlock(user: Any, *, actor: Any) -> int:
    """Lift the lockout of one account (not of an address); how many records were cleared."""
    from .access import require

    require(actor, "identity.manage")
    cleared = reset(username=user.get_username())
    record("identity.sign_in_unlocked", user, actor=actor, changes={"cleared": cleared})
    return cleared


def is_locked(user: Any) -> bool:
    """Whether sign-ins as `user` are paused now (failures from every address count)."""
    from axes.models import AccessAttempt
    from django.db.models import Sum
    from django.utils import timezone

    recent = AccessAttempt.objects.filter(
        username=user.get_username(),
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
    )
    failures = recent.aggregate(total=Sum("failures_since_start"))["total"] or 0
    return failures >= settings.AXES_FAILURE_LIMIT
