from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CustomersConfig(AppConfig):
    name = "orbis.customers"
    label = "customers"
    verbose_name = "Customers"

    def ready(self) -> None:
        from orbis.kernel.registry import registry

        from . import personal_data
        from .search import CompanySearch, ContactSearch

        registry.register_search("contacts", ContactSearch())
        registry.register_search("companies", CompanySearch())
        registry.register_personal_data(personal_data.handler)
        registry.register_webhook_event("contact.created", "A contact was created")
        registry.register_webhook_event("contact.updated", "A contact was changed")
        registry.register_webhook_event("contact.archived", "A contact was archived")
        registry.register_webhook_event("company.created", "A company was created")
        registry.register_webhook_event("company.updated", "A company was changed")
        post_migrate.connect(_install_search_indexes, sender=self)


def _install_search_indexes(using: str = "default", **kwargs: object) -> None:
    from orbis.kernel.fulltext import install

    from .models import Company, Contact

    for model in (Contact, Company):
        install(model._meta.db_table, using=using)
