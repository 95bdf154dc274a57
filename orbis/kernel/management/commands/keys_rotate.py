"""manage.py keys_rotate (`orbis keys rotate`): re-encrypt values sealed by retired keys."""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from orbis.kernel import crypto
from orbis.kernel.key_rotation import reencrypt

logger = logging.getLogger("orbis.keys")


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored value whose token names a key that is no longer current, in "
        "batches (one transaction each); safe while the application runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", help="Only this region's keys (default: all).")
        parser.add_argument("--batch", type=int, default=1000, help="Rows per transaction.")
        parser.add_argument(
            "--new-key",
            action="store_true",
            help="First add a new key version for --region and make it current.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        region = options["region"]
        if options["new_key"]:
            ring = crypto.keyring()
            if region is None or not isinstance(ring, crypto.LocalKeyring):
                self.stderr.write("--new-key needs --region and a keyring file.")
                raise SystemExit(2)
            self.stdout.write(f"{ring.add_key(region)} is now the current key of {region}.")

        def progress(column: str, key_id: str, rows: int) -> None:
            self.stdout.write(f"{column}: {rows} rows moved off {key_id}")

        done = reencrypt(region, max(1, options["batch"]), progress)
        total = sum(done.values())
        logger.info("key rotation re-encrypted %s rows", total)
        self.stdout.write(f"Re-encrypted {total} rows.")
