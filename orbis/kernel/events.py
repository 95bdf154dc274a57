"""Domain events: plain dataclasses published by services and delivered after the commit.

A lower app publishes, a higher app subscribes; so a lower app never imports a higher one.
Handlers run after the surrounding transaction commits (immediately when there is none),
so a rolled-back write announces nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import transaction

Handler = Callable[[Any], None]

_subscribers: dict[type, list[Handler]] = defaultdict(list)


@dataclass(frozen=True)
class DomainEvent:
    """Base of every event; subclasses are frozen dataclasses named in the past tense."""


def subscribe[E: DomainEvent](
    event_type: type[E],
) -> Callable[[Callable[[E], None]], Callable[[E], None]]:
    """Decorator: call the function with every `event_type` published from now on."""

    def register(handler: Callable[[E], None]) -> Callable[[E], None]:
        if handler not in _subscribers[event_type]:
            _subscribers[event_type].append(handler)
        return handler

    return register


def publish(event: DomainEvent) -> None:
    """Deliver `event` to its subscribers once the current transaction commits."""
    handlers = [h for cls in type(event).__mro__ for h in _subscribers.get(cls, ())]
    for handler in handlers:
        transaction.on_commit(partial(handler, event), robust=False)
