"""Administration pages for users, roles and teams: everything here needs identity.manage.

The pages read through the ORM and write through identity.services (update_user,
update_role, create_user...), which check the permission again, lock the row and audit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orbis.kernel.errors import PreconditionFailed, ValidationError
from orbis.kernel.web.forms import errors_to_form
from orbis.kernel.web.permissions import permission_required

from . import lockout, services
from .forms_manage import RoleForm, TeamForm, UserCreateForm, UserEditForm
from .models import Role, Team, User
from .permissions import PERMISSIONS
from .tokens import open_tokens
from .views_tokens import token_rows

PAGE_SIZE = 50
View = Callable[..., HttpResponse]


# Signed in and holding identity.manage (else 403); a refused service call is a 403 too.
manager_required = permission_required(services.MANAGE)


def _page(request: HttpRequest, rows: QuerySet[Any]) -> Page:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _show_errors(form: Any, error: ValidationError | PreconditionFailed) -> None:
    """A service's refusal beside the field it names (form field names match service keys)."""
    if isinstance(error, PreconditionFailed):
        form.add_error(
            None,
            _(
                "Someone else changed this since you opened it. Reload the page and make "
                "your change again."
            ),
        )
        return
    errors_to_form(form, error, field_names={"password": "password1"})


def _named(name: str) -> str:
    return format_html("<bdi>{}</bdi>", name)


# --- users -----------------------------------------------------------------------------------


@manager_required
def user_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    users = User.objects.select_related("team").prefetch_related("roles").order_by("username")
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    context = {"page": _page(request, users), "query": query, "manage_tab": "users"}
    return render(request, "identity/manage/users.html", context)


@manager_required
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_user(
                data["username"],
                data["password1"],
                actor=request.user,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                language=data["language"],
                time_zone=data["time_zone"],
                team=data["team"],
                roles=form.chosen_roles(),
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(
                request, format_html(_("The user {name} was created."), name=_named(user.username))
            )
            return redirect("identity_manage:user_edit", pk=user.pk)
    context = {"form": form, "manage_tab": "users", "roles": Role.objects.order_by("name")}
    return render(request, "identity/manage/user_create.html", context)


@manager_required
def user_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    target = get_object_or_404(User.objects.select_related("team"), pk=pk)
    if request.method == "POST":
        form = UserEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            changes = {
                "first_name": data["first_name"],
                "last_name": data["last_name"],
                "email": data["email"],
                "team": data["team"],
                "roles": form.chosen_roles(),
                "is_active": data["is_active"],
            }
            try:
                services.update_user(
                    target, changes, actor=request.user, version=data["version"] or None
                )
            except (ValidationError, PreconditionFailed) as error:
                _show_errors(form, error)
            else:
                messages.success(
                    request,
                    format_html(_("The user {name} was saved."), name=_named(target.username)),
                )
                return redirect("identity_manage:user_edit", pk=target.pk)
    else:
        form = UserEditForm(
            initial={
                "first_name": target.first_name,
                "last_name": target.last_name,
                "email": target.email,
                "team": target.team,
                "roles": [str(pk) for pk in target.roles.values_list("pk", flat=True)],
                "is_active": target.is_active,
                "version": target.etag,
            }
        )
    context = {
        "form": form,
        "target": target,
        "manage_tab": "users",
        "is_self": target.pk == request.user.pk,
        "read_only": target.is_superuser and not request.user.is_superuser,
        "token_rows": token_rows(open_tokens(target)),
        "locked_out": lockout.is_locked(target),
    }
    return render(request, "identity/manage/user_edit.html", context)


@require_POST
@manager_required
def user_unlock(request: HttpRequest, pk: Any) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    lockout.unlock(target, actor=request.user)
    messages.success(
        request, format_html(_("{name} may sign in again."), name=_named(target.username))
    )
    return redirect("identity_manage:user_edit", pk=target.pk)


# --- roles -----------------------------------------------------------------------------------


@manager_required
def role_list(request: HttpRequest) -> HttpResponse:
    roles = (
        Role.objects.prefetch_related("regions").annotate(members=Count("users")).order_by("name")
    )
    context = {"page": _page(request, roles), "labels": PERMISSIONS, "manage_tab": "roles"}
    return render(request, "identity/manage/roles.html", context)


def _role_data(form: RoleForm) -> dict[str, Any]:
    return {
        "name": form.cleaned_data["name"],
        "permissions": form.cleaned_data["permissions"],
        "all_regions": form.cleaned_data["all_regions"],
        "regions": form.chosen_regions(),
    }


@manager_required
def role_create(request: HttpRequest) -> HttpResponse:
    form = RoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = _role_data(form)
        try:
            role = services.create_role(
                data["name"],
                data["permissions"],
                data["regions"],
                actor=request.user,
                all_regions=data["all_regions"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(
                request, format_html(_("The role {name} was created."), name=_named(role.name))
            )
            return redirect("identity_manage:role_list")
    return render(request, "identity/manage/role_form.html", {"form": form, "manage_tab": "roles"})


@manager_required
def role_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    role = get_object_or_404(Role, pk=pk)
    if request.method == "POST":
        form = RoleForm(request.POST, role=role)
        if form.is_valid():
            try:
                services.update_role(
                    role,
                    _role_data(form),
                    actor=request.user,
                    version=form.cleaned_data["version"] or None,
                )
            except (ValidationError, PreconditionFailed) as error:
                _show_errors(form, error)
            else:
                messages.success(
                    request, format_html(_("The role {name} was saved."), name=_named(role.name))
                )
                return redirect("identity_manage:role_list")
    else:
        form = RoleForm(
            role=role,
            initial={
                "name": role.name,
                "permissions": list(role.permissions),
                "all_regions": role.all_regions,
                "regions": [str(pk) for pk in role.regions.values_list("pk", flat=True)],
                "version": role.etag,
            },
        )
    context = {"form": form, "role": role, "manage_tab": "roles"}
    return render(request, "identity/manage/role_form.html", context)


# --- teams -----------------------------------------------------------------------------------


@manager_required
def team_list(request: HttpRequest) -> HttpResponse:
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.create_team(
                form.cleaned_data["name"], form.cleaned_data["region"], actor=request.user
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(
                request, format_html(_("The team {name} was created."), name=_named(team.name))
            )
            return redirect("identity_manage:team_list")
    teams = Team.objects.select_related("region").annotate(size=Count("members")).order_by("name")
    context = {"form": form, "page": _page(request, teams), "manage_tab": "teams"}
    return render(request, "identity/manage/teams.html", context)
