"""manage.py keys_new (`orbis keys new --region X`): a new current key version for a region."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from orbis.kernel import crypto


class Command(BaseCommand):
    help = (
        "Add a new key version for a region to the keyring file and make it current. New writes "
        "use it at once; run `orbis keys rotate` to re-encrypt what the old key sealed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="Region code (or 'system').")

    def handle(self, *args: Any, **options: Any) -> None:
        ring = crypto.keyring()
        if not isinstance(ring, crypto.LocalKeyring):
            raise CommandError("This keyring is managed outside Orbis: add the key there.")
        try:
            key_id = ring.add_key(options["region"])
        except crypto.CryptoError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{key_id} is now the current key of {options['region']}.")
