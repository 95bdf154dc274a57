"""manage.py keys_status (`orbis keys status`): which key seals how many stored values."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from orbis.kernel import crypto
from orbis.kernel.key_rotation import retired_keys, status


class Command(BaseCommand):
    help = "Per key id, how many rows of each encrypted column it seals (and rows not sealed)."

    def handle(self, *args: Any, **options: Any) -> None:
        ring = crypto.keyring()
        retired = set(retired_keys())
        report = status()
        for key_id in ring.key_ids():
            state = "retired" if key_id in retired else "current"
            columns = report.get(key_id, {})
            self.stdout.write(f"{key_id:<24} {state:<8} {sum(columns.values()):>10} rows")
            for label, count in sorted(columns.items()):
                self.stdout.write(f"    {label:<48} {count:>10}")
        if "plain" in report:
            self.stdout.write(f"{'not encrypted':<33} {sum(report['plain'].values()):>10} rows")
            for label, count in sorted(report["plain"].items()):
                self.stdout.write(f"    {label:<48} {count:>10}")
        pending = sum(sum(report.get(k, {}).values()) for k in retired)
        if pending:
            self.stdout.write(f"{pending} rows still use a retired key: run `orbis keys rotate`.")
