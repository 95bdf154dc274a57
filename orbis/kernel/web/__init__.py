"""The web kit: the plumbing every app's pages share, and nothing about any domain.

- `requests.AuthenticatedRequest`: the request type of a page behind the sign-in.
- `permissions.permission_required`: sign-in plus a permission held in some region.
- `pages.keyset_page` and `cursors`: one keyset page and one cursor codec for UI and API.
- `forms.StyledFormMixin` and `forms.errors_to_form`: Bootstrap-styled forms whose service
  errors appear beside the field.
- `partials.render_partial`: render only the part of a page an htmx request targets.
"""
