"""Who is acting and in which request: set by the middleware or a command, read by record()."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    """The person or process behind the current request or command."""

    id: str = ""
    label: str = "system"
    region: str = ""

    @classmethod
    def of(cls, user: Any) -> Actor:
        """The actor for a signed-in user; the system for None or an anonymous visitor."""
        if user is None or not getattr(user, "is_authenticated", False):
            return cls()
        if user.pk is None:  # kernel.actors.SystemActor: a named process, "system:<name>"
            return cls(label=str(user.get_username()))
        return cls(id=str(user.pk), label=str(user.get_username()))


# Actor is a frozen dataclass, so sharing one default instance is safe. A callable stands for
# an actor resolved only when an event is recorded: most requests record nothing, and resolving
# a web user means loading the session.
_actor: ContextVar[Actor | Callable[[], Actor]] = ContextVar(
    "orbis_audit_actor",
    default=Actor(),  # noqa: B039
)
_request_id: ContextVar[str] = ContextVar("orbis_request_id", default="")


def current_actor() -> Actor:
    actor = _actor.get()
    if callable(actor):
        actor = actor()
        _actor.set(actor)
    return actor


def current_request_id() -> str:
    return _request_id.get()


@contextmanager
def acting_as(actor: Actor | Callable[[], Actor], request_id: str | None = None) -> Iterator[None]:
    actor_token = _actor.set(actor)
    request_token = _request_id.set(request_id or uuid.uuid4().hex)
    try:
        yield
    finally:
        _actor.reset(actor_token)
        _request_id.reset(request_token)


def set_actor(actor: Actor) -> None:
    """Name the actor for the rest of the current context: for a request whose caller is only
    known part-way through, such as an API call authenticated by its token. The enclosing
    acting_as() of the middleware restores the previous actor when the request ends."""
    _actor.set(actor)
