"""manage.py token_create USERNAME (orbis token create): print a new API token, shown only once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from orbis.audit.context import Actor, acting_as
from orbis.identity.models import User
from orbis.identity.tokens import create_token
from orbis.kernel.actors import SystemActor
from orbis.kernel.errors import ValidationError


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it. Only its hash is stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="Command-line token", help="What the token is for.")
        parser.add_argument(
            "--scopes", default="read,write", help="Comma-separated scopes: read, write."
        )

    def handle(self, *args: Any, username: str, name: str, scopes: str, **options: Any) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        wanted = [scope.strip() for scope in scopes.split(",") if scope.strip()]
        # The audit trail names the operator's command, not the user the token is for.
        operator = SystemActor("orbis token create")
        with acting_as(Actor.of(operator)):
            try:
                token, raw = create_token(user, name, actor=operator, scopes=wanted)
            except ValidationError as error:
                raise CommandError(error.detail) from None
        self.stderr.write(
            f"Token {token.name!r} for {user.username} with scopes {','.join(token.scopes)}; "
            "it is shown only now:"
        )
        self.stdout.write(raw)
