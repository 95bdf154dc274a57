"""Global Privacy Control: the Sec-GPC: 1 opt-out signal, honoured wherever consent is recorded
while a request carries it (CCPA Regs s. 7025)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_gpc: ContextVar[bool] = ContextVar("orbis_privacy_gpc", default=False)


def gpc_signal(request: Any) -> bool:
    """The request carries the Global Privacy Control opt-out preference signal."""
    return str(request.headers.get("Sec-GPC", "")).strip() == "1"


@contextmanager
def honouring_gpc(active: bool = True) -> Iterator[None]:
    """While active, every consent recorded for a contact whose pack honours GPC (California)
    also records the opt-out of sale and sharing the signal means (CCPA Regs s. 7025)."""
    token = _gpc.set(active)
    try:
        yield
    finally:
        _gpc.reset(token)


class GlobalPrivacyControlMiddleware:
    """Marks the request as carrying Sec-GPC: 1, so record_consent honours it wherever called."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        with honouring_gpc(gpc_signal(request)):
            return self.get_response(request)


def honouring_now() -> bool:
    """Whether the current request carries the signal (services.record_consent asks)."""
    return _gpc.get()
