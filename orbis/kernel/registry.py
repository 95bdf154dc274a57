"""Extension points that cross-cutting features iterate instead of importing domain apps.

Each app registers, in its AppConfig.ready(), what it contributes: searchable models for the
global search box, personal-data handlers for privacy, timeline sources, webhook events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol


class SearchProvider(Protocol):
    """Answers the global search box for one kind of record, scoped to the user."""

    label: str

    def search(self, user: Any, query: str, limit: int) -> Iterable[Any]: ...


@dataclass(frozen=True)
class PersonalDataHandler:
    """How one app exports and erases what it holds about a contact."""

    app_label: str
    export: Callable[[Any], dict[str, Any]]
    erase: Callable[[Any], None]


@dataclass
class Registry:
    """All registered extension points of the running project."""

    search_providers: dict[str, SearchProvider] = field(default_factory=dict)
    personal_data_handlers: dict[str, PersonalDataHandler] = field(default_factory=dict)
    timeline_sources: dict[str, Callable[..., Iterable[Any]]] = field(default_factory=dict)
    webhook_events: dict[str, str] = field(default_factory=dict)

    def register_search(self, key: str, provider: SearchProvider) -> None:
        self.search_providers[key] = provider

    def register_personal_data(self, handler: PersonalDataHandler) -> None:
        self.personal_data_handlers[handler.app_label] = handler

    def register_timeline(self, key: str, source: Callable[..., Iterable[Any]]) -> None:
        self.timeline_sources[key] = source

    def register_webhook_event(self, name: str, description: str) -> None:
        self.webhook_events[name] = description


registry = Registry()
