"""The keyed MACs that authenticate the audit trail's own bookkeeping (AUDIT_HMAC_KEY): the
chain head, the checkpoints kept outside the database. Events are chained in services.py."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def keyed(message: str) -> str:
    """HMAC-SHA256 of `message` under AUDIT_HMAC_KEY, hex."""
    return hmac.new(settings.AUDIT_HMAC_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()


def head_mac(seq: int, last_hash: str) -> str:
    """The chain head's MAC: cutting the newest events off cannot be hidden without the key."""
    return keyed(f"orbis-audit-head:{seq}:{last_hash}")
