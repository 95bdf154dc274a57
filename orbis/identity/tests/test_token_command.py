"""`orbis token create USERNAME` prints a working token once and stores only its hash."""

from typing import Any

import pytest

from orbis.cli import main
from orbis.identity.models import ApiToken
from orbis.identity.tokens import authenticate_token, digest


def test_it_prints_a_token_that_authenticates_as_the_user(eu_rep: Any, capsys: Any) -> None:
    code = main(["token", "create", "eu_rep", "--name", "CRM sync", "--scopes", "read"])
    out, err = capsys.readouterr()

    assert code == 0
    raw = out.strip()
    token = authenticate_token(raw)
    assert token is not None
    assert token.user == eu_rep
    assert (token.name, token.scopes) == ("CRM sync", ["read"])
    assert "shown only now" in err
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == digest(raw)
    assert raw not in str(ApiToken.objects.values().get(pk=token.pk))


def test_the_default_scopes_are_read_and_write(eu_rep: Any, capsys: Any) -> None:
    assert main(["token", "create", "eu_rep"]) == 0

    token = authenticate_token(capsys.readouterr().out.strip())
    assert token is not None
    assert token.scopes == ["read", "write"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["token", "create", "nobody"], "No active user named 'nobody'"),
        (["token", "create", "eu_rep", "--scopes", "read,admin"], "Unknown scopes: admin"),
    ],
)
def test_bad_input_fails_without_a_token(
    eu_rep: Any, capsys: Any, argv: list[str], message: str
) -> None:
    code = main(argv)
    out, err = capsys.readouterr()

    assert code == 1
    assert message in err
    assert out == ""
    assert not ApiToken.objects.exists()
