"""Forms of the administration pages: users, roles and teams (identity.manage)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from orbis.kernel.web.forms import StyledFormMixin
from orbis.localisation.models import Region

from .forms import language_choices, time_zone_choices
from .models import Role, Team, User
from .permissions import PERMISSIONS


def role_choices() -> list[tuple[str, str]]:
    return [(str(role.pk), role.name) for role in Role.objects.order_by("name")]


def region_choices() -> list[tuple[str, str]]:
    return [(str(region.pk), region.name) for region in Region.objects.order_by("name")]


def permission_choices() -> list[tuple[str, Any]]:
    """Each permission in words (its label), in the order permissions.py lists them."""
    return list(PERMISSIONS.items())


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.region.name}"


class UserDetailsForm(StyledFormMixin, forms.Form):
    """What an administrator edits on a user: name, email, team, roles, whether active."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    team = TeamChoiceField(
        label=_("Team"),
        queryset=Team.objects.select_related("region").order_by("name"),
        required=False,
        empty_label=_("No team"),
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=role_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def chosen_roles(self) -> list[Role]:
        return list(Role.objects.filter(pk__in=self.cleaned_data.get("roles") or []))


class UserEditForm(UserDetailsForm):
    is_active = forms.BooleanField(
        label=_("Active: may sign in and use API tokens"), required=False
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)


class UserCreateForm(UserDetailsForm):
    """A new user; the password goes through Django's validators (AUTH_PASSWORD_VALIDATORS)."""

    field_order = ["username", "first_name", "last_name", "email", "password1", "password2"]

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[User.username_validator],
        help_text=_("Letters, digits and @ . + - _ only."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    language = forms.ChoiceField(label=_("Language"), choices=language_choices, required=False)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices, initial="UTC")

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password, again = data.get("password1"), data.get("password2")
        if password and again and password != again:
            self.add_error("password2", _("The two passwords differ."))
        elif password:
            # The validators compare the password with the user's name and email too.
            prospective = User(
                username=data.get("username", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                email=data.get("email", ""),
            )
            try:
                password_validation.validate_password(password, prospective)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class RoleForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    permissions = forms.MultipleChoiceField(
        label=_("Permissions"),
        choices=permission_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    all_regions = forms.BooleanField(label=_("In all regions, present and future"), required=False)
    regions = forms.MultipleChoiceField(
        label=_("Regions"),
        choices=region_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The permissions hold only in these regions."),
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, role: Role | None = None, **kwargs: Any) -> None:
        self.role = role
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = Role.objects.filter(name__iexact=name)
        if self.role is not None:
            taken = taken.exclude(pk=self.role.pk)
        if taken.exists():
            raise forms.ValidationError(_("There is already a role with this name."))
        return name

    def chosen_regions(self) -> list[Region]:
        if self.cleaned_data.get("all_regions"):
            return []
        return list(Region.objects.filter(pk__in=self.cleaned_data.get("regions") or []))


class TeamForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        empty_label=_("Choose a region"),
        help_text=_("Where the team works; it is also its members' home region for residency."),
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if Team.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("There is already a team with this name."))
        return name
