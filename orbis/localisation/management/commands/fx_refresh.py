"""manage.py fx_refresh (`orbis fx refresh`): fetch the ECB feed now, as the daily task does."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from orbis.localisation.ecb import refresh_from_feed


class Command(BaseCommand):
    help = "Fetch the ECB reference rates feed (ORBIS_ECB_FEED_URL) and store the new days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", help="Another feed URL (ECB eurofxref XML).")

    def handle(self, *args: Any, **options: Any) -> None:
        result = refresh_from_feed(options["url"])
        if not result.ok:
            raise CommandError(result.error)
        self.stdout.write(
            self.style.SUCCESS(
                f"ECB rates: {result.days_added} new days; newest day {result.latest_date}."
            )
        )
