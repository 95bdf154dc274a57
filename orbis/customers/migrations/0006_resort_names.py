"""Recompute every contact's sort key with the current rules.

A Portuguese or Brazilian name now sorts by its last surname (localisation.names.sort_key);
contacts stored before that kept the old key until they were next saved. Only the derived
`sort_name` column changes: not `updated_at`, so no ETag changes and no audit event (no value a
user entered changes). Rows are read in primary-key batches and only changed keys written.
"""

from django.db import migrations

BATCH = 2000
NAME_FIELDS = (
    "given_name",
    "family_name",
    "latin_given_name",
    "latin_family_name",
    "country",
    "language",
    "honorific",
    "academic_title",
)


def resort(apps, schema_editor):
    from orbis.localisation import names

    contact_model = apps.get_model("customers", "Contact")
    contacts = contact_model.objects.only("id", "sort_name", *NAME_FIELDS).order_by("pk")
    last = None
    while True:
        batch = list((contacts.filter(pk__gt=last) if last else contacts)[:BATCH])
        if not batch:
            return
        last = batch[-1].pk
        changed = []
        for contact in batch:
            key = names.sort_key(names.PersonName.of(contact))[:200]
            if key != contact.sort_name:
                contact.sort_name = key
                changed.append(contact)
        contact_model.objects.bulk_update(changed, ["sort_name"])


class Migration(migrations.Migration):
    dependencies = [("customers", "0005_encryption_at_rest")]

    operations = [migrations.RunPython(resort, migrations.RunPython.noop, elidable=True)]
