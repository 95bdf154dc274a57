"""The styling every Orbis form shares, and service errors shown beside their fields."""

from __future__ import annotations

from typing import Any

from django import forms

from orbis.kernel.errors import ValidationError


class StyledFormMixin:
    """Gives widgets Bootstrap's classes, and marks fields with errors as invalid."""

    def _style_widgets(self) -> None:
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            errors = self._errors  # type: ignore[attr-defined]  # never validate from here
            if errors and name in errors:
                css += " is-invalid"
            widget.attrs["class"] = css

    def add_error(self, field: str | None, error: Any) -> None:
        # A service may name a field this form does not show: its message goes on top.
        known = field if field and field in self.fields else None  # type: ignore[attr-defined]
        super().add_error(known, error)  # type: ignore[misc]
        if known:
            widget = self.fields[known].widget  # type: ignore[attr-defined]
            classes = widget.attrs.get("class", "")
            if "is-invalid" not in classes:
                widget.attrs["class"] = f"{classes} is-invalid".strip()

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self._style_widgets()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style_widgets()


class StyledForm(StyledFormMixin, forms.Form):
    """A plain form with Orbis styling."""


def errors_to_form(
    form: forms.BaseForm,
    error: ValidationError,
    prefix: str = "",
    field_names: dict[str, str] | None = None,
) -> None:
    """Put a service's field errors beside the form's fields (unknown names go on top), so
    that the page shows every message next to what the user typed, and loses nothing.
    `field_names` maps a service's name to the form's where they differ."""
    for name, texts in error.errors.items():
        field = name.removeprefix(prefix) if prefix else name
        field = (field_names or {}).get(field, field)
        for text in texts:
            form.add_error(field if field in form.fields else None, text)
