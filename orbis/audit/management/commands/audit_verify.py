"""manage.py audit_verify (orbis audit verify): prove the audit chain intact or list its breaks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from orbis.audit.services import verify


class Command(BaseCommand):
    help = "Check that no audit event was edited, inserted or deleted. Exit 1 on any problem."

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify()
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"audit chain broken: {len(result.problems)} problem(s) in {result.checked} events",
                returncode=1,
            )
        self.stdout.write(
            f"audit chain intact: {result.checked} events, {result.sealed_reads} sealed reads"
            f" ({result.unsealed_reads} reads not sealed yet)"
        )
