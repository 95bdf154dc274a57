"""Lists as CRM users expect them, declared once per list and rendered by one set of partials.

A view declares a `ListSpec` (its columns, which of them sort, its bulk actions, the filter
names a saved view keeps) and calls `list_state(request, spec)`; the templates include
`web/list_toolbar.html` (count, saved views, column chooser), `web/list_header.html` (sortable
headers, the select-all box) and `web/bulk_bar.html`. Example (customers/lists.py):

    CONTACTS = ListSpec(
        key="customers.contacts",
        url_name="customers:contact_list",
        permission="customers.view",
        columns=(Column("name", _("Name"), sort=Sort("sort_name")), Column("email", _("Email"))),
        default_sort="name",
        filters=("q", "country", "region"),
    )
    state = list_state(request, CONTACTS)
    page = list_page(request, queryset, state)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, QueryDict

from orbis.kernel.models import SavedView

from .pages import KeysetPage, Sort, keyset_page

# Paging cursors belong to one sort and one set of filters: never kept, never carried over.
_PAGING = ("after", "before")


@dataclass(frozen=True)
class Column:
    key: str
    label: Any
    sort: Sort | None = None  # sortable when set (an indexed, non-null column)
    shown: bool = True  # shown until the user chooses otherwise
    always: bool = False  # the column that identifies the row cannot be hidden


@dataclass(frozen=True)
class BulkAction:
    key: str
    label: Any
    permission: str  # offered only to users holding it somewhere; the service checks each row
    needs: str = ""  # the input the bar shows for it: "owner" or "tag"


@dataclass(frozen=True)
class ListSpec:
    key: str  # names the list for saved views, e.g. "customers.contacts"
    url_name: str  # the list page, e.g. "customers:contact_list"
    permission: str  # needed to open the list, and so to save a view of it
    columns: tuple[Column, ...]
    default_sort: str
    filters: tuple[str, ...] = ()
    bulk_actions: tuple[BulkAction, ...] = ()

    def __post_init__(self) -> None:
        LISTS[self.key] = self

    def sortable(self) -> dict[str, Sort]:
        return {c.key: c.sort for c in self.columns if c.sort is not None}


# Every declared list by key: saved views name their list by it.
LISTS: dict[str, ListSpec] = {}


@dataclass(frozen=True)
class Header:
    column: Column
    href: str  # the list sorted by this column (toggling its direction when it is the sort)
    direction: str  # "ascending", "descending" or "" (aria-sort)


@dataclass
class ListState:
    spec: ListSpec
    sort_key: str  # as in the URL: "name", "-updated"
    sort: Sort
    columns: list[Column]
    headers: list[Header]
    bulk_actions: list[BulkAction]
    saved_views: list[SavedView] = field(default_factory=list)
    current_view: SavedView | None = None
    query: str = ""  # the state's query string, without paging: what "Save view" stores

    @property
    def shown(self) -> frozenset[str]:
        """Keys of the columns shown: `{% if "email" in list.shown %}` in a template."""
        return frozenset(c.key for c in self.columns)

    def shows(self, key: str) -> bool:
        return key in self.shown

    @property
    def choosable(self) -> list[tuple[Column, bool]]:
        """Every column the chooser offers, and whether it is shown now."""
        return [(c, c.key in self.shown) for c in self.spec.columns if not c.always]


def _sort(spec: ListSpec, requested: str) -> tuple[str, Sort]:
    sortable = spec.sortable()
    name = requested.removeprefix("-")
    if name not in sortable:
        requested, name = spec.default_sort, spec.default_sort.removeprefix("-")
    base = sortable[name]
    flipped = requested.startswith("-")
    return requested, Sort(base.field, base.descending != flipped)


def _columns(spec: ListSpec, chosen: list[str]) -> list[Column]:
    if not chosen:
        return [c for c in spec.columns if c.shown or c.always]
    wanted = set(chosen)
    return [c for c in spec.columns if c.always or c.key in wanted]


def kept_query(spec: ListSpec, params: QueryDict) -> str:
    """The part of a query string a saved view keeps: the spec's filters, sort and columns."""
    kept = QueryDict(mutable=True)
    for name in (*spec.filters, "sort", "columns"):
        values = [v.strip()[:200] for v in params.getlist(name) if v.strip()]
        if values:
            kept.setlist(name, values)
    return kept.urlencode()


def list_state(request: HttpRequest, spec: ListSpec) -> ListState:
    params = request.GET
    sort_key, sort = _sort(spec, params.get("sort", ""))
    columns = _columns(spec, [c for v in params.getlist("columns") for c in v.split(",") if c])
    headers = []
    for column in columns:
        if column.sort is None:
            headers.append(Header(column, "", ""))
            continue
        current = sort_key.removeprefix("-") == column.key
        # "-key" is the column's own direction reversed; a second click on the sort flips it.
        flipped = column.key if sort_key.startswith("-") else f"-{column.key}"
        target = flipped if current else column.key
        link = params.copy()
        for name in _PAGING:
            link.pop(name, None)
        link["sort"] = target
        direction = ("descending" if sort.descending else "ascending") if current else ""
        headers.append(Header(column, "?" + link.urlencode(), direction))
    user: Any = request.user
    views = list(
        SavedView.objects.filter(list_key=spec.key, owner=user)
        | SavedView.objects.filter(list_key=spec.key, shared=True)
    )
    query = kept_query(spec, params)
    current_view = next((v for v in views if query and v.query == query), None)
    return ListState(
        spec=spec,
        sort_key=sort_key,
        sort=sort,
        columns=columns,
        headers=headers,
        bulk_actions=[a for a in spec.bulk_actions if user.has_perm(a.permission)],
        saved_views=sorted(views, key=lambda v: (v.owner_id != user.pk, v.name.casefold())),
        current_view=current_view,
        query=query,
    )


def list_page(request: HttpRequest, queryset: Any, state: ListState) -> KeysetPage:
    """The page of `queryset` the request's `after` / `before` ask for, in the list's sort."""
    params = request.GET
    return keyset_page(queryset, state.sort, params.get("after", ""), params.get("before", ""))
