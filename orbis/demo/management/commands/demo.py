"""manage.py demo: load the demo company (`orbis demo`; `make run` calls it with --if-empty)."""

from __future__ import annotations

import sys
from typing import Any

import tqdm as tqdm_module
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from orbis.demo.loader import has_data, load_demo
from orbis.demo.organisation import MARKETS, REGIONS, demo_logins
from orbis.localisation.ecb import ensure_history_loaded


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a data load; `manage.py check` is run on its own
    help = (
        f"Load a demo multinational ({len(REGIONS)} regions, {len(MARKETS)} markets, users and "
        "teams in each) with N contacts and N/5 companies, the same data for the same seed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--contacts", type=int, default=2000, help="How many contacts (default 2000)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data (default 1).")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the database holds data already."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        contacts = options["contacts"]
        if contacts < 0:
            raise CommandError("--contacts must be 0 or more.")
        rates = ensure_history_loaded()  # the ECB history, when no ECB rate is stored yet
        if rates is not None:
            self.stdout.write(f"Loaded {rates.days_added:,} days of ECB exchange rates.")
        if has_data():
            if options["if_empty"]:
                self.stdout.write("The database holds data already; no demo data loaded.")
                self._print_logins()
                return
            raise CommandError(
                "The database holds data already; the demo loads into an empty database "
                "(use --if-empty to skip quietly)."
            )
        # No monitor thread: the bulk loader forks a helper process, and fork wants one thread.
        tqdm_module.tqdm.monitor_interval = 0
        bar = tqdm(
            total=contacts,
            unit=" contacts",
            unit_scale=True,
            file=sys.stderr,
            disable=options["no_progress"] or options["verbosity"] == 0,
        )
        with bar:
            result = load_demo(contacts, options["seed"], progress=bar.update)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {result.contacts:,} contacts and {result.companies:,} companies in "
                f"{result.seconds:.1f} s ({result.rate:,.0f} contacts/s; "
                f"pools {result.pool_seconds:.1f} s)."
            )
        )
        self._print_logins()

    def _print_logins(self) -> None:
        self.stdout.write("\nDemo logins (username / password):")
        for username, password, who in demo_logins():
            self.stdout.write(f"  {username:<16} {password:<12} {who}")
