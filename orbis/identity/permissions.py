"""Every action a role can grant. Views, API endpoints and services check these codes."""

from django.utils.translation import gettext_lazy as _

PERMISSIONS = {
    "customers.view": _("View contacts and companies"),
    "customers.add": _("Create contacts and companies"),
    "customers.change": _("Edit contacts and companies"),
    "customers.archive": _("Archive and restore contacts and companies"),
    "customers.manage_fields": _("Define custom fields"),
    "sales.view": _("View deals, orders, products and forecasts"),
    "sales.add": _("Create deals"),
    "sales.change": _("Edit deals and move them through the pipeline"),
    "sales.manage_orders": _("Record orders, returns and refunds"),
    "sales.manage_catalogue": _("Manage pipelines, products, price books and web forms"),
    "sales.manage_quotas": _("Set sellers' quotas"),
    "identity.manage": _("Manage users, teams and roles"),
    "audit.view": _("Read the audit trail"),
    "localisation.manage_rates": _("Record manual exchange rates"),
    "localisation.manage_markets": _("Add and configure markets"),
    "privacy.view": _("See consents, requests, transfers and processing records"),
    "privacy.manage_consent": _("Record and withdraw consent on a contact's behalf"),
    "privacy.handle_requests": _("Handle data-subject requests, including erasure"),
    "privacy.manage_policies": _("Set retention and residency policies"),
    "privacy.manage_breaches": _("Keep the breach register"),
}
