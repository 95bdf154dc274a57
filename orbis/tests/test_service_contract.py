"""The service contract: every public service function takes a keyword-only, required `actor`.

Services are found, not listed: every module named `services`, `services_<something>` or
inside a `services` package, in every orbis app. Each public function defined there (not
imported) must take `actor` keyword-only with no default, so no caller can leave the acting
user out or pass it in the wrong place; and none may take the acting user as `user` (a
`user` parameter is fine when it is the user acted upon, as in update_user(user, ..., actor)).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.apps import apps

# Public functions of services modules that are not writes, each with why. Keep it small and
# honest: a function listed here is checked only to exist and to write nothing itself.
EXEMPT = {
    # Walks the audit chain and reports breaks; changes nothing. Run by `orbis audit verify`,
    # the nightly task and the privacy dashboard, none of which acts for a user.
    "orbis.audit.services.verify": "pure reader: verifies the hash chain",
    # Validates and normalises a market's fields for create_market and update_market, which
    # take the actor and check orbis.localisation.manage_markets; it saves nothing.
    "orbis.localisation.services.clean_market_fields": "pure validator used by the writers",
}

# Defects this test found, kept visible as strict xfails: fixing one makes its test fail
# until the entry is removed here.
KNOWN_DEFECTS: dict[str, str] = {}

# Calls whose first argument (or `actor=` keyword) is the one acting: a `user` parameter
# passed there is the acting user under another name.
ACTING_CALLS = {
    "require",
    "require_in",
    "may",
    "has_permission",
    "grants_for",
    "visible_to",
    "access_contact",
    "access_company",
    "access_request",
    "refuse",
    "audit_step",
    "of",  # Actor.of(user)
    "_require",
    "_require_manager",
}

# Calls that write: an exempt reader may not make them itself.
WRITING_CALLS = {
    "record",
    "save",
    "create",
    "bulk_create",
    "update",
    "update_or_create",
    "get_or_create",
    "delete",
    "publish",
}


# --- discovery -----------------------------------------------------------------------------


def is_service_module(parts: tuple[str, ...]) -> bool:
    """Whether a module path inside an app (("requests", "services")) names service code."""
    if not parts or "tests" in parts or "migrations" in parts:
        return False
    *packages, name = parts
    return name == "services" or name.startswith("services_") or "services" in packages


def app_module_paths() -> Iterator[tuple[str, tuple[str, ...]]]:
    """(app name, module path inside it) of every Python module of every orbis app."""
    for config in apps.get_app_configs():
        if not config.name.startswith("orbis."):
            continue
        root = Path(config.path)
        for path in root.rglob("*.py"):
            parts = path.relative_to(root).with_suffix("").parts
            yield config.name, parts[:-1] if parts and parts[-1] == "__init__" else parts


def service_module_names() -> list[str]:
    return sorted(
        {".".join((app, *parts)) for app, parts in app_module_paths() if is_service_module(parts)}
    )


def service_modules() -> list[ModuleType]:
    return [importlib.import_module(name) for name in service_module_names()]


def public_functions(module: ModuleType) -> dict[str, Callable[..., Any]]:
    """The public functions defined in `module` itself, by dotted name."""
    found = {}
    for name, obj in vars(module).items():
        if name.startswith("_") or inspect.isclass(obj) or not callable(obj):
            continue
        inner = inspect.unwrap(obj)  # through @transaction.atomic and other wrappers
        if inspect.isfunction(inner) and inner.__module__ == module.__name__:
            found[f"{module.__name__}.{name}"] = obj
    return found


def service_functions() -> dict[str, Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    for module in service_modules():
        found.update(public_functions(module))
    return found


SERVICES = service_functions()


# Public functions outside services modules that write the audit trail or publish domain
# events themselves: each either follows the actor rule or is named here with why not.
AUDITED_ELSEWHERE = {
    "orbis.audit.reads.seal_reads": "a periodic job of the audit app itself, audited as system",
    "orbis.demo.loader.load_demo": "builds the demo company, audited as 'orbis demo'",
    "orbis.identity.access.log_refusal": "records a refusal of `user`: the refused one acts",
    "orbis.identity.lockout.audit_lockout": "django-axes' signal: no one is signed in yet",
    "orbis.identity.password_reset.send_reset_emails": (
        "no one is signed in when a reset is asked for; audited as system:password-reset"
    ),
    "orbis.privacy.requests.refusals.audit_step": (
        "the services' own audit helper, given their actor first (checked in ACTING_CALLS)"
    ),
}


def other_modules() -> list[ModuleType]:
    """Every orbis module that is neither a services module nor tests, migrations, commands."""
    skipped = {"tests", "migrations", "management"}
    names = {
        ".".join((app, *parts))
        for app, parts in app_module_paths()
        if parts and not skipped & set(parts) and not is_service_module(parts)
    }
    return [importlib.import_module(name) for name in sorted(names)]


# --- the checks ----------------------------------------------------------------------------


def actor_problem(function: Callable[..., Any]) -> str | None:
    """Why `function` breaks the actor rule, or None."""
    parameters = inspect.signature(function).parameters
    actor = parameters.get("actor")
    if actor is None:
        if "user" in parameters:
            return "takes `user` but no `actor`: the acting user must be the keyword-only `actor`"
        return "has no `actor` parameter"
    if actor.kind is not inspect.Parameter.KEYWORD_ONLY:
        return f"takes `actor` as {actor.kind.description}, not keyword-only"
    if actor.default is not inspect.Parameter.empty:
        return f"gives `actor` a default ({actor.default!r}); it must be required"
    return None


def _syntax(function: Callable[..., Any]) -> ast.FunctionDef | ast.AsyncFunctionDef:
    source = textwrap.dedent(inspect.getsource(inspect.unwrap(function)))
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    return node


def _called(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _is_user(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == "user"


def user_as_actor(function: Callable[..., Any]) -> list[str]:
    """Where `function` treats its `user` parameter as the one acting: permission checks,
    scoping and audit actors given `user`. Empty when it has no `user` or only acts on it."""
    parameters = inspect.signature(function).parameters
    if "user" not in parameters:
        return []
    if "actor" not in parameters:
        return ["takes `user` and no `actor`"]
    uses = []
    for call in ast.walk(_syntax(function)):
        if not isinstance(call, ast.Call):
            continue
        name = _called(call)
        if name in ACTING_CALLS and call.args and _is_user(call.args[0]):
            uses.append(f"{name}(user, ...) on line {call.lineno}")
        uses += [
            f"{name}(..., actor=user) on line {call.lineno}"
            for keyword in call.keywords
            if keyword.arg == "actor" and _is_user(keyword.value)
        ]
    return uses


def direct_writes(function: Callable[..., Any]) -> list[str]:
    return sorted(
        {
            f"{_called(node)}()"
            for node in ast.walk(_syntax(function))
            if isinstance(node, ast.Call) and _called(node) in WRITING_CALLS
        }
    )


# --- the checkers catch what they should (so the contract tests can fail) -------------------


def _positional_actor(actor: Any, data: dict[str, Any]) -> None: ...


def _optional_actor(data: dict[str, Any], *, actor: Any = None) -> None: ...


def _no_actor(data: dict[str, Any]) -> None: ...


def _no_user_but_acts(data: dict[str, Any], *, actor: Any) -> None: ...


def _user_without_actor(user: Any, data: dict[str, Any]) -> None: ...


def _user_acts(user: Any, data: dict[str, Any], *, actor: Any) -> None:
    from orbis.identity.access import require

    require(user, "customers.change")


def _user_is_acted_upon(user: Any, *, actor: Any) -> None:
    from orbis.audit.services import record
    from orbis.identity.access import require

    require(actor, "identity.manage")
    record("identity.changed", user, actor=actor)


def test_the_checkers_tell_a_keeper_of_the_contract_from_a_breaker() -> None:
    assert "keyword-only" in (actor_problem(_positional_actor) or "")
    assert "default" in (actor_problem(_optional_actor) or "")
    assert "no `actor`" in (actor_problem(_no_actor) or "")
    assert actor_problem(_user_acts) is None
    assert user_as_actor(_user_acts) == ["require(user, ...) on line 4"]
    assert actor_problem(_user_is_acted_upon) is None
    assert user_as_actor(_no_user_but_acts) == []
    assert user_as_actor(_user_without_actor) == ["takes `user` and no `actor`"]
    assert user_as_actor(_user_is_acted_upon) == []
    assert direct_writes(_user_is_acted_upon) == ["record()"]


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("services",), True),
        (("requests", "services"), True),
        (("services_manage",), True),
        (("services", "contacts"), True),
        (("servicesx",), False),
        (("views",), False),
        (("tests", "services"), False),
    ],
)
def test_service_modules_are_recognised_by_name(parts: tuple[str, ...], expected: bool) -> None:
    assert is_service_module(parts) is expected


def test_discovery_finds_the_services_of_every_app() -> None:
    modules = set(service_module_names())

    assert {
        "orbis.audit.services",
        "orbis.localisation.services",
        "orbis.identity.services",
        "orbis.customers.services",
        "orbis.privacy.services",
        "orbis.privacy.requests.services",
        "orbis.privacy.governance.services",
    } <= modules
    assert {
        "orbis.customers.services.create_contact",
        "orbis.identity.services.update_user",
        "orbis.privacy.requests.services.open_request",
        "orbis.privacy.governance.services.set_policy",
    } <= set(SERVICES)
    # Imported names are not the module's own services.
    assert "orbis.customers.services.record" not in SERVICES
    assert "orbis.customers.services.require" not in SERVICES


# --- the contract ----------------------------------------------------------------------------


def _contract_params() -> list[Any]:
    params = []
    for name in sorted(SERVICES):
        if name in EXEMPT:
            continue
        marks: list[Any] = []
        if name in KNOWN_DEFECTS:
            marks.append(
                pytest.mark.xfail(strict=True, raises=AssertionError, reason=KNOWN_DEFECTS[name])
            )
        params.append(pytest.param(name, id=name, marks=marks))
    return params


@pytest.mark.parametrize("name", _contract_params())
def test_every_service_takes_a_required_keyword_only_actor(name: str) -> None:
    problem = actor_problem(SERVICES[name])

    assert problem is None, f"{name}{inspect.signature(SERVICES[name])} {problem}"


def test_no_service_breaks_the_actor_rule() -> None:
    """All offenders at once, known defects aside (they have their own xfails above)."""
    offenders = {
        name: problem
        for name, function in SERVICES.items()
        if name not in EXEMPT and name not in KNOWN_DEFECTS and (problem := actor_problem(function))
    }

    assert not offenders, "Services breaking the actor rule:\n" + "\n".join(
        f"  {name}: {problem}" for name, problem in sorted(offenders.items())
    )


def test_no_service_takes_the_acting_user_as_user() -> None:
    offenders = {
        name: uses for name, function in SERVICES.items() if (uses := user_as_actor(function))
    }

    assert not offenders, (
        "These services treat `user` as the acting user; take it as the keyword-only `actor`:\n"
        + "\n".join(f"  {name}: {', '.join(uses)}" for name, uses in sorted(offenders.items()))
    )


def test_exemptions_and_known_defects_name_existing_services() -> None:
    stale = (set(EXEMPT) | set(KNOWN_DEFECTS)) - set(SERVICES)

    assert not stale, f"EXEMPT or KNOWN_DEFECTS name no current service: {sorted(stale)}"
    assert not set(EXEMPT) & set(KNOWN_DEFECTS)


@pytest.mark.parametrize("name", sorted(EXEMPT))
def test_an_exempt_reader_writes_nothing_itself(name: str) -> None:
    writes = direct_writes(SERVICES[name])

    assert not writes, f"{name} is exempt as not a write ({EXEMPT[name]}), yet calls {writes}"


@pytest.mark.django_db
def test_the_audit_trail_names_the_actor_the_service_was_given() -> None:
    # Inside a request acting for someone else (a job started from a page, an import on a
    # user's behalf), the event names the actor passed to the service, not the context's.
    from orbis.audit.context import Actor, acting_as
    from orbis.audit.models import AuditEvent
    from orbis.kernel.actors import SystemActor
    from orbis.localisation.services import create_region

    with acting_as(Actor(id="someone-else", label="someone-else")):
        region = create_region("zz", "Test region", actor=SystemActor("migration"))

    event = AuditEvent.objects.get(action="localisation.region_created", target_id=str(region.pk))
    assert (event.actor_id, event.actor_label) == ("", "system:migration")


def test_writers_outside_services_modules_follow_the_contract_too() -> None:
    # A write that audits or publishes is a service wherever it lives (identity/tokens.py,
    # customers/personal_data.py): it takes the required keyword-only actor too.
    writers = {
        name: function
        for module in other_modules()
        for name, function in public_functions(module).items()
        if {"record()", "publish()"} & set(direct_writes(function))
    }
    offenders = {
        name: problem
        for name, function in writers.items()
        if name not in AUDITED_ELSEWHERE and (problem := actor_problem(function))
    }

    assert {"orbis.identity.tokens.create_token", "orbis.customers.personal_data.erase"} <= set(
        writers
    )
    assert not offenders, "Writers outside services breaking the actor rule:\n" + "\n".join(
        f"  {name}: {problem}" for name, problem in sorted(offenders.items())
    )
    assert not set(AUDITED_ELSEWHERE) - set(writers), "AUDITED_ELSEWHERE names no such writer"
