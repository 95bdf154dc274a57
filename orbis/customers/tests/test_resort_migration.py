"""The upgrade that brings stored sort keys to the current name rules."""

import importlib

from django.apps import apps

from orbis.customers.models import Contact
from orbis.localisation import names

resort = importlib.import_module("orbis.customers.migrations.0006_resort_names").resort


def test_stale_sort_keys_are_recomputed_and_nothing_else_changes(db, admin, make_contact):
    brazilian = make_contact(
        admin, given_name="João", family_name="Silva Santos", country="BR", language="pt"
    )
    german = make_contact(admin, given_name="Anna", family_name="Schmidt", country="DE")
    current = Contact.objects.get(pk=german.pk).sort_name
    # As stored by the old rule: a Portuguese name by its first surname.
    Contact.objects.filter(pk=brazilian.pk).update(sort_name="silva santos joao")
    before = {c.pk: c.updated_at for c in Contact.objects.all()}

    resort(apps, None)

    fixed = Contact.objects.get(pk=brazilian.pk)
    assert fixed.sort_name == names.sort_key(names.PersonName.of(fixed)) == "santos joao silva"
    assert Contact.objects.get(pk=german.pk).sort_name == current
    assert {c.pk: c.updated_at for c in Contact.objects.all()} == before  # ETags unchanged


def test_batches_cover_every_contact(db, admin, make_contact, monkeypatch):
    module = importlib.import_module("orbis.customers.migrations.0006_resort_names")
    monkeypatch.setattr(module, "BATCH", 2)
    made = [make_contact(admin, family_name=f"Name{i}") for i in range(5)]
    Contact.objects.update(sort_name="stale")
    module.resort(apps, None)
    assert not Contact.objects.filter(sort_name="stale").exists()
    assert Contact.objects.count() == len(made)
