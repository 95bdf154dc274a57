"""What each audit action of a data-subject request is called on its page.

The codes are written by refusals.audit_step ("privacy_requests." + the step); a refused
attempt is the step's name plus "_refused". The request's history shows these labels.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PREFIX = "privacy_requests."

ACTION_LABELS = {
    "request_opened": _("Request opened"),
    "identity_proof_requested": _("Proof of identity asked for"),
    "identity_verified": _("Identity verified"),
    "deadline_extended": _("Deadline extended"),
    "request_rejected": _("Request rejected"),
    "request_completed": _("Request completed"),
    "restriction_lifted": _("Restriction of processing lifted"),
    "export_downloaded": _("Export downloaded"),
    "access_refused": _("Access to the request refused"),
    "request_refused": _("Opening a request refused"),
    "verification_refused": _("Identity verification refused"),
    "extension_refused": _("Extension refused"),
    "rejection_refused": _("Rejection refused"),
    "completion_refused": _("Completion refused"),
    "erasure_refused": _("Erasure refused"),
    "export_refused": _("Export refused"),
}


def action_label(action: str) -> str:
    """The label of an audit action such as "privacy_requests.identity_verified"; an action
    of another app, or one without a label yet, is shown as recorded."""
    step = action.removeprefix(PREFIX)
    if action.startswith(PREFIX) and step in ACTION_LABELS:
        return str(ACTION_LABELS[step])
    return action
