"""Quote pages: make one from a deal, read it, send it, open its PDF; and the customer's page
behind the signed link, to read, accept or decline it without an account.

Reads start at access_deal / access_quote (404 outside the user's regions); writes go through
services.quotes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orbis.identity.access import may
from orbis.kernel.errors import NotFound, PreconditionFailed, ValidationError
from orbis.kernel.registry import registry
from orbis.kernel.web.permissions import permission_required
from orbis.kernel.web.requests import AuthenticatedRequest

from .forms import QuoteForm
from .models import Quote, QuoteStatus
from .querysets import access_deal, access_quote
from .quote_links import market_today, quote_for_token, recipient_email
from .quote_pdf import render_pdf
from .services import quotes


def _read_person(user: Any, quote: Quote) -> None:
    """The quote page and PDF show its person's name (and the page their email): a read of
    personal data, audited as the contact's own page is."""
    if quote.contact_id:
        registry.personal_data_read(user, "customers.contact", [quote.contact_id], "page")


def _problem(error: ValidationError) -> str:
    return " ".join(m for ms in error.errors.values() for m in ms)


@require_POST
@permission_required("sales.change")
def quote_create(request: AuthenticatedRequest, pk: Any) -> HttpResponse:
    deal = access_deal(request.user, pk, action="change")
    form = QuoteForm(request.POST, deal=deal)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for es in form.errors.values() for e in es))
        return redirect("sales:deal_detail", pk=deal.pk)
    data = form.cleaned_data
    try:
        quote = quotes.create_quote(
            {
                "deal": str(deal.pk),
                "contact": data["contact"] or None,
                "language": data["language"],
                "valid_until": data["valid_until"].isoformat(),
                "terms": data["terms"],
            },
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, _problem(error))
        return redirect("sales:deal_detail", pk=deal.pk)
    messages.success(request, _("Quote %(number)s made.") % {"number": quote.number})
    return redirect("sales:quote_detail", pk=quote.pk)


@permission_required("sales.view")
def quote_detail(request: AuthenticatedRequest, pk: Any) -> HttpResponse:
    quote = access_quote(request.user, pk)
    _read_person(request.user, quote)
    context = {
        "nav": "sales",
        "quote": quote,
        "lines": quote.lines.order_by("position"),
        "versions": quote.deal.quotes.order_by("-version"),
        "recipient": recipient_email(quote) if quote.status == QuoteStatus.DRAFT else "",
        "can_change": may(request.user, "sales.change", quote.region_id),
        "language_name": translation.get_language_info(quote.language)["name_local"],
    }
    return render(request, "sales/quote_detail.html", context)


def _pdf_response(quote: Quote, *, download: bool = False) -> HttpResponse:
    response = HttpResponse(render_pdf(quote), content_type="application/pdf")
    kind = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{kind}; filename="{quote.number}.pdf"'
    return response


@permission_required("sales.view")
def quote_pdf(request: AuthenticatedRequest, pk: Any) -> HttpResponse:
    quote = access_quote(request.user, pk)
    _read_person(request.user, quote)
    return _pdf_response(quote)


@require_POST
@permission_required("sales.change")
def quote_send(request: AuthenticatedRequest, pk: Any) -> HttpResponse:
    try:
        quote = quotes.send_quote(pk, actor=request.user, version=request.POST.get("version"))
    except PreconditionFailed:
        messages.error(request, _("Someone else changed this quote meanwhile; check it again."))
    except ValidationError as error:
        messages.error(request, _problem(error))
    else:
        messages.success(request, _("Quote %(number)s sent.") % {"number": quote.number})
    return redirect("sales:quote_detail", pk=pk)


# --- the customer's page (no login) ------------------------------------------------------------


def _public_quote(token: str) -> Quote:
    try:
        return quote_for_token(token)
    except NotFound:
        raise Http404("No such quote.") from None


def public_quote(request: HttpRequest, token: str) -> HttpResponse:
    """The quote behind its link, in the quote's language, with Accept and Decline."""
    quote = _public_quote(token)
    problem = ""
    status = 200
    if request.method == "POST":
        answer = request.POST.get("answer")
        try:
            if answer == "accept":
                quote = quotes.accept_quote(quote, actor=quotes.THE_CUSTOMER)
            elif answer == "decline":
                quote = quotes.decline_quote(
                    quote, actor=quotes.THE_CUSTOMER, reason=request.POST.get("reason", "")
                )
            else:
                raise ValidationError({"answer": "accept or decline"})
        except ValidationError as error:
            problem = _problem(error)
            status = 422
        else:
            return redirect("sales_public:quote", token=token)
    with translation.override(quote.language):
        context = {
            "quote": quote,
            "token": token,
            "lines": quote.lines.order_by("position"),
            "error": problem,
            "open": quote.status == QuoteStatus.SENT
            and quote.valid_until >= market_today(quote.market),
        }
        return render(request, "sales/public_quote.html", context, status=status)


def public_quote_pdf(request: HttpRequest, token: str) -> HttpResponse:
    return _pdf_response(_public_quote(token), download=True)
