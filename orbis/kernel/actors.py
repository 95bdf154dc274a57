"""SystemActor: the named actor of work that no person does (jobs, migrations, the demo).

Every service takes a keyword-only, required `actor`; a scheduled job passes
`SystemActor("retention")` rather than None, so the audit trail names the process and no
permission check is skipped by accident. A system actor holds every permission in every region
(it answers like a superuser), which is why only code, never a request, can make one.
"""

from __future__ import annotations

from typing import Any


class SystemActor:
    """A process acting on its own behalf, named in the audit trail as "system:<name>"."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    is_staff = False
    is_anonymous = False
    pk = None
    id = None
    region_id = None

    def __init__(self, name: str) -> None:
        if not name:
            raise ValueError("A system actor needs a name.")
        self.name = name

    def get_username(self) -> str:
        return f"system:{self.name}"

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return True

    def __str__(self) -> str:
        return self.get_username()

    def __repr__(self) -> str:
        return f"SystemActor({self.name!r})"
