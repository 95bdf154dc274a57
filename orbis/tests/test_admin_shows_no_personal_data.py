"""Django's admin shows no personal data: it neither scopes by region nor records reads, so a
model holding a declared personal field (registry.personal_data_handlers), or pointing at one
that does (its change page would show the person's name), stays out of it."""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from orbis.kernel.registry import registry


def _personal_fields() -> set[str]:
    return {name for handler in registry.personal_data_handlers.values() for name in handler.fields}


def _label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _problems(model: type[models.Model], personal: set[str]) -> list[str]:
    holders = {name.rsplit(".", 1)[0] for name in personal}
    found = []
    for field in model._meta.get_fields():
        if f"{_label(model)}.{field.name}" in personal:
            found.append(f"{_label(model)}.{field.name} is personal data")
        related = getattr(field, "related_model", None)
        if field.concrete and related is not None and _label(related) in holders:
            found.append(f"{_label(model)}.{field.name} points at {_label(related)}")
    return found


def test_no_admin_page_shows_personal_data() -> None:
    personal = _personal_fields()
    problems = []
    for model, model_admin in admin.site._registry.items():
        problems += _problems(model, personal)
        for inline in model_admin.inlines:
            problems += _problems(inline.model, personal)

    assert "customers.contact.given_name" in personal
    assert not problems, "Keep personal data out of the admin:\n" + "\n".join(problems)


def test_the_check_sees_a_model_with_personal_data() -> None:
    from orbis.customers.models import Contact, ContactPoint

    personal = _personal_fields()

    assert _problems(Contact, personal)
    assert _problems(ContactPoint, personal)
