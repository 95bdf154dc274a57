"""A user holds at most MAX_OPEN_TOKENS unrevoked tokens, so their token list stays one page."""

from __future__ import annotations

import pytest

from orbis.identity.tokens import MAX_OPEN_TOKENS, create_token, revoke_token
from orbis.kernel.errors import ValidationError

pytestmark = pytest.mark.django_db


def test_one_token_past_the_limit_is_refused_until_one_is_revoked(eu_rep):
    made = [create_token(eu_rep, f"t{i}", actor=eu_rep)[0] for i in range(MAX_OPEN_TOKENS)]
    with pytest.raises(ValidationError) as error:
        create_token(eu_rep, "one too many", actor=eu_rep)
    assert "tokens" in error.value.errors
    revoke_token(made[0], actor=eu_rep)
    assert create_token(eu_rep, "now there is room", actor=eu_rep)[0].pk
