"""The chain head and every read event carry an HMAC under the audit key (issue 12): existing
rows get theirs here, as the code computes them (audit.services.head_mac, audit.reads.read_mac;
the formulas are copied so that this migration never changes with the code)."""

import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations, models


def _keyed(message: str) -> str:
    return hmac.new(settings.AUDIT_HMAC_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()


def sign_existing_rows(apps, schema_editor):
    head_model = apps.get_model("audit", "AuditChainHead")
    for head in head_model.objects.all():
        head.mac = _keyed(f"orbis-audit-head:{head.last_seq}:{head.last_hash}")
        head.save(update_fields=["mac"])
    read_model = apps.get_model("audit", "ReadEvent")
    for row in read_model.objects.filter(seal__isnull=True).iterator(chunk_size=2000):
        message = json.dumps(
            [row.occurred_at.isoformat(), row.actor_id, row.actor_label, row.target_type,
             list(row.target_ids), row.channel, row.request_id],
            separators=(",", ":"),
        )  # fmt: skip
        row.mac = _keyed(message)
        row.save(update_fields=["mac"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_read_events"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditchainhead",
            name="mac",
            field=models.CharField(default="", max_length=64),
        ),
        migrations.AddField(
            model_name="readevent",
            name="mac",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(sign_existing_rows, migrations.RunPython.noop),
    ]
