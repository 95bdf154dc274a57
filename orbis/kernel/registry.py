"""Extension points that cross-cutting features iterate instead of importing domain apps.

Each app registers, in its AppConfig.ready(), what it contributes: searchable models for the
global search box, personal-data handlers for privacy, timeline sources, webhook events. Higher
apps (privacy) also hook into lower ones here: intake checks run before a contact is created,
read observers hear of every read of personal data, access guards may refuse a region.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


class SearchProvider(Protocol):
    """Answers the global search box for one kind of record, scoped to the user."""

    label: str

    def search(self, user: Any, query: str, limit: int) -> Iterable[Any]: ...


@dataclass(frozen=True)
class PersonalDataHandler:
    """How one app exports and erases what it holds about a contact, and what that is.

    `fields` maps each personal field ("customers.contact.given_name") to its class:
    "identifying", "contact" or "sensitive"; `purposes` names why the app holds them (codes),
    `purpose_labels` what each is called on the privacy pages (lazy translations). Records of
    processing and the access export's completeness check are built from these declarations.
    """

    app_label: str
    export: Callable[[Any], dict[str, Any]]
    erase: Callable[..., None]  # erase(contact, *, actor): blank what the app holds
    fields: dict[str, str] = field(default_factory=dict)
    purposes: tuple[str, ...] = ()
    purpose_labels: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RecordLink:
    """A link a higher app adds to a lower app's record page (e.g. privacy's consent page on
    a contact), shown to users holding `permission`; the URL is `url_name` reversed with the
    record's pk, plus `query` (where the record's pk is given as a parameter instead)."""

    entity: str
    label: Any
    url_name: str
    permission: str
    icon: str = ""
    query: str = ""


@dataclass(frozen=True)
class WorkCount:
    """Work waiting for a user in one app, for a dashboard card: open items and overdue ones."""

    open: int
    overdue: int


# (user) -> the work of one kind waiting in the regions the user may see
WorkCounter = Callable[[Any], WorkCount]
# (user, target type such as "customers.contact", ids read, channel: "page", "api", "list"...)
ReadObserver = Callable[[Any, str, Sequence[str], str], None]
# (cleaned values of a new contact) -> None, or raises kernel.errors.ValidationError
IntakeCheck = Callable[[dict[str, Any]], None]
# (user, region id of a record) -> None when allowed, else the reason it is refused
AccessGuard = Callable[[Any, Any], str | None]


@dataclass
class Registry:
    """All registered extension points of the running project."""

    search_providers: dict[str, SearchProvider] = field(default_factory=dict)
    personal_data_handlers: dict[str, PersonalDataHandler] = field(default_factory=dict)
    timeline_sources: dict[str, Callable[..., Iterable[Any]]] = field(default_factory=dict)
    webhook_events: dict[str, str] = field(default_factory=dict)
    read_observers: list[ReadObserver] = field(default_factory=list)
    intake_checks: list[IntakeCheck] = field(default_factory=list)
    access_guards: list[AccessGuard] = field(default_factory=list)
    record_links: list[RecordLink] = field(default_factory=list)
    work_counters: dict[str, WorkCounter] = field(default_factory=dict)

    def register_search(self, key: str, provider: SearchProvider) -> None:
        self.search_providers[key] = provider

    def register_personal_data(self, handler: PersonalDataHandler) -> None:
        self.personal_data_handlers[handler.app_label] = handler

    def register_timeline(self, key: str, source: Callable[..., Iterable[Any]]) -> None:
        self.timeline_sources[key] = source

    def register_webhook_event(self, name: str, description: str) -> None:
        self.webhook_events[name] = description

    def register_read_observer(self, observer: ReadObserver) -> None:
        self.read_observers.append(observer)

    def register_intake_check(self, check: IntakeCheck) -> None:
        self.intake_checks.append(check)

    def register_access_guard(self, guard: AccessGuard) -> None:
        self.access_guards.append(guard)

    def register_record_link(self, link: RecordLink) -> None:
        if link not in self.record_links:
            self.record_links.append(link)

    def register_work_counter(self, key: str, counter: WorkCounter) -> None:
        """Count open and overdue work of one kind, e.g. "privacy_requests": another app's
        dashboard shows it without importing the app that holds it."""
        self.work_counters[key] = counter

    def personal_data_read(
        self, user: Any, target_type: str, ids: Sequence[Any], channel: str
    ) -> None:
        """Tell every read observer (read auditing, the transfer log) that `user` read `ids`."""
        if ids:
            for observer in self.read_observers:
                observer(user, target_type, [str(i) for i in ids], channel)


registry = Registry()
