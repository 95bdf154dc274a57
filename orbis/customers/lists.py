"""The contact and company lists, declared with the web kit (kernel/web/lists.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from orbis.kernel.web.lists import BulkAction, Column, ListSpec
from orbis.kernel.web.pages import Sort

FILTERS = ("q", "country", "region", "owner", "tag", "stage", "archived")

# Sortable columns are those an index walks in order with the pk (models.Meta.indexes), so a
# sorted page of a million rows costs what the first page costs.
_NAME = Column("name", _("Name"), sort=Sort("sort_name"), always=True)
_UPDATED = Column("updated", _("Updated"), sort=Sort("updated_at", descending=True))

BULK = (
    BulkAction("assign_owner", _("Assign owner"), "customers.change", needs="owner"),
    BulkAction("add_tag", _("Add tag"), "customers.change", needs="tag"),
    BulkAction("archive", _("Archive"), "customers.archive"),
)

CONTACTS = ListSpec(
    key="customers.contacts",
    url_name="customers:contact_list",
    permission="customers.view",
    columns=(
        _NAME,
        Column("company", _("Company")),
        Column("email", _("Email")),
        Column("phone", _("Phone")),
        Column("country", _("Country")),
        Column("owner", _("Owner")),
        Column("stage", _("Stage")),
        Column("tags", _("Tags"), shown=False),
        _UPDATED,
    ),
    default_sort="name",
    filters=FILTERS,
    bulk_actions=BULK,
)

COMPANIES = ListSpec(
    key="customers.companies",
    url_name="customers:company_list",
    permission="customers.view",
    columns=(
        _NAME,
        Column("industry", _("Industry")),
        Column("website", _("Website")),
        Column("phone", _("Phone")),
        Column("country", _("Country")),
        Column("owner", _("Owner")),
        Column("stage", _("Stage")),
        Column("tags", _("Tags"), shown=False),
        _UPDATED,
    ),
    default_sort="name",
    filters=FILTERS,
    bulk_actions=BULK,
)
