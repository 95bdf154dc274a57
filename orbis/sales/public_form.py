"""The public web-to-lead form, mounted at /forms/: opened by anyone, embedded on the
organisation's sites with one <script> or <iframe>.

- Language: `?lang=` (what the embedding site asks for), else the browser's.
- Consent: the marketing question follows the country the visitor picks (sales.consent_wording,
  from the privacy rule packs); the page swaps it with htmx as the country changes, and a POST
  whose country needs other wording than the one shown is asked again, keeping every field.
- Spam, without a third-party service: a honeypot field (filled: answered as a success, nothing
  stored), a signed timestamp (sent within MIN_SECONDS: asked again; older than MAX_AGE: asked
  again), and a limit of POSTs per address (settings.ORBIS_WEB_FORM_LIMIT per hour).
- CSRF: exempt. The form runs without a session or a login, so a forged POST carries no
  authority a visitor does not have already; the signed timestamp ties a POST to a form this
  server rendered, and the rate limit bounds what a script can send.
- Framing: denied (CSP frame-ancestors 'none', X-Frame-Options DENY) unless the form lists
  allowed origins, which then alone may frame it.
"""

from __future__ import annotations

import json
import time
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.csp import CSP
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from orbis.kernel.errors import ValidationError
from orbis.kernel.web.ratelimit import client_address, within_limit
from orbis.localisation.countries import country_name
from orbis.localisation.models import Market
from orbis.privacy.evidence import Evidence

from .consent_wording import MarketingQuestion, marketing_question
from .models import WebForm
from .services import leads

SALT = "orbis.sales.web_form"
MIN_SECONDS = 2.0  # faster than a person types: a script
MAX_AGE = 24 * 3600  # a form left open longer is sent again with a fresh token
LIMIT_WINDOW = 3600
HONEYPOT = "website"


def _organisation() -> str:
    return str(settings.ORBIS_ORGANISATION_NAME)


def _language(request: HttpRequest) -> str:
    asked = request.GET.get("lang") or request.POST.get("lang") or ""
    codes = {code for code, _name in settings.LANGUAGES}
    for candidate in (asked, asked.split("-")[0]):
        if candidate in codes:
            return candidate
    return translation.get_language() or settings.LANGUAGE_CODE


def _countries() -> list[tuple[str, str]]:
    locale = (translation.get_language() or "en").replace("-", "_")
    codes = Market.objects.order_by().values_list("country", flat=True).distinct()
    names = [(code, country_name(code, locale)) for code in codes]
    return sorted(names, key=lambda pair: pair[1].casefold())


def new_token(form: WebForm) -> str:
    return signing.dumps({"form": form.slug, "at": time.time()}, salt=SALT)


class LeadForm(forms.Form):
    given_name = forms.CharField(label=gettext_lazy("Given name"), max_length=100, required=False)
    family_name = forms.CharField(label=gettext_lazy("Family name"), max_length=100)
    email = forms.EmailField(label=gettext_lazy("Email"), max_length=254)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=40, required=False)
    company_name = forms.CharField(label=gettext_lazy("Company"), max_length=200, required=False)
    job_title = forms.CharField(label=gettext_lazy("Job title"), max_length=120, required=False)
    country = forms.ChoiceField(label=gettext_lazy("Country"))
    message = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    marketing = forms.BooleanField(required=False)
    # Hidden from people by app.css (.hp-field) and from screen readers; scripts fill it in.
    website = forms.CharField(required=False)
    token = forms.CharField(widget=forms.HiddenInput)
    wording_country = forms.CharField(widget=forms.HiddenInput, required=False)
    lang = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["country"]).choices = [("", "—"), *_countries()]
        for name in ("given_name", "family_name", "email", "phone", "company_name", "job_title"):
            self.fields[name].widget.attrs["class"] = "form-control"
        self.fields["message"].widget.attrs["class"] = "form-control"
        self.fields["email"].widget.attrs["autocomplete"] = "email"


def _question(country: str) -> MarketingQuestion | None:
    if not country or not Market.objects.filter(country=country).exists():
        return None
    return marketing_question(country, _organisation())


def _framed(response: HttpResponse, web_form: WebForm) -> HttpResponse:
    """Let the form's allowed origins (and no one else) frame it."""
    if web_form.allowed_origins:
        ancestors = [CSP.SELF, *web_form.allowed_origins]
        response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": ancestors}  # type: ignore[attr-defined]
    else:
        response["X-Frame-Options"] = "DENY"
    return response


def _active_form(slug: str) -> WebForm:
    web_form = WebForm.objects.filter(slug=slug, is_active=True).first()
    if web_form is None:
        raise Http404("No such form.")
    return web_form


def _page(
    request: HttpRequest,
    web_form: WebForm,
    form: LeadForm,
    *,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    country = (form["country"].value() or "") if form.is_bound else web_form.default_country
    context = {
        "web_form": web_form,
        "form": form,
        "question": _question(str(country)) if web_form.ask_marketing else None,
        "error": problem,
        "consent_url": reverse("sales_public:consent", args=[web_form.slug]),
        "language": translation.get_language(),
    }
    return _framed(render(request, "sales/public_form.html", context, status=status), web_form)


def _fresh(form: LeadForm, web_form: WebForm, **changes: str) -> LeadForm:
    """The visitor's data again, with a new token (and `changes`), to be sent once more."""
    data = cast(QueryDict, form.data).copy()
    data["token"] = new_token(web_form)
    for name, value in changes.items():
        data[name] = value
    fresh = LeadForm(data)
    fresh.is_valid()
    return fresh


def _token_problem(token: str, web_form: WebForm) -> str:
    try:
        signed = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return _("This form could not be checked. Please send it again.")
    if signed.get("form") != web_form.slug:
        return _("This form could not be checked. Please send it again.")
    age = time.time() - float(signed.get("at", 0))
    if age > MAX_AGE:
        return _("This form was open for a long time. Please check your entries and send it again.")
    if age < MIN_SECONDS:
        return _("That was very quick. Please check your entries and send the form again.")
    return ""


def _thanks(request: HttpRequest, web_form: WebForm, pending_email: bool) -> HttpResponse:
    context = {"web_form": web_form, "pending_email": pending_email}
    return _framed(render(request, "sales/public_thanks.html", context), web_form)


@csrf_exempt  # see the module's docstring: no session, so no ambient authority to forge
@xframe_options_exempt  # _framed decides, per form
@require_http_methods(["GET", "POST"])
def web_form(request: HttpRequest, slug: str) -> HttpResponse:
    with translation.override(_language(request)):
        found = _active_form(slug)
        if request.method == "GET":
            initial = {
                "country": found.default_country,
                "wording_country": found.default_country,
                "token": new_token(found),
                "lang": translation.get_language(),
            }
            return _page(request, found, LeadForm(initial=initial))
        return _submit(request, found)


def _submit(request: HttpRequest, found: WebForm) -> HttpResponse:
    limit = int(getattr(settings, "ORBIS_WEB_FORM_LIMIT", 20))
    if not within_limit(f"web_form:{found.slug}", client_address(request), limit, LIMIT_WINDOW):
        response = render(request, "429.html", {"seconds": LIMIT_WINDOW}, status=429)
        response["Retry-After"] = str(LIMIT_WINDOW)
        return _framed(response, found)
    form = LeadForm(request.POST)
    if request.POST.get(HONEYPOT):
        return _thanks(request, found, pending_email=False)  # a script: tell it nothing
    if not form.is_valid():
        if "token" in form.errors:
            return _page(request, found, _fresh(form, found), problem=_token_problem("", found))
        return _page(request, found, form, status=400)
    values = form.cleaned_data
    problem = _token_problem(values["token"], found)
    if problem:
        return _page(request, found, _fresh(form, found), problem=problem, status=400)
    question = _question(values["country"]) if found.ask_marketing else None
    shown = _question(values["wording_country"]) if found.ask_marketing else None
    if question is not None and (shown is None or shown.version != question.version):
        # The visitor answered another country's question (no script ran to swap it).
        again = _fresh(form, found, wording_country=values["country"], marketing="")
        problem = _("The email question for your country is different. Please read it again.")
        return _page(request, found, again, problem=problem, status=400)
    data = {
        name: values[name]
        for name in ("given_name", "family_name", "email", "phone", "company_name", "job_title")
    }
    data |= {"country": values["country"], "message": values["message"]}
    data |= {"language": translation.get_language() or "", "source": "web_form"}
    answer = None
    if question is not None:
        evidence = Evidence.from_request(request, question.wording, question.version)
        answer = leads.MarketingAnswer(question.asks_consent, values["marketing"], evidence)
    try:
        leads.capture_lead(data, actor=leads.WEB_FORM, web_form=found, marketing=answer)
    except ValidationError as exc:
        for name, messages in exc.errors.items():
            form.add_error(name if name in form.fields else None, messages)
        return _page(request, found, form, status=400)
    pending = bool(answer and answer.asked_consent and answer.ticked)
    return _thanks(request, found, pending_email=pending)


@xframe_options_exempt
@require_GET
def consent(request: HttpRequest, slug: str) -> HttpResponse:
    """The marketing question for `?country=`: the htmx swap as the visitor picks a country."""
    with translation.override(_language(request)):
        found = _active_form(slug)
        country = request.GET.get("country", "").upper()
        context = {
            "question": _question(country) if found.ask_marketing else None,
            "country": country,
        }
        return _framed(render(request, "sales/partials/public_consent.html", context), found)


EMBED = """(function () {
  var script = document.currentScript;
  var frame = document.createElement("iframe");
  var lang = (navigator.language || "").split("-")[0];
  frame.src = %(url)s + (lang ? "?lang=" + encodeURIComponent(lang) : "");
  frame.title = %(title)s;
  frame.style.width = "100%%";
  frame.style.minHeight = "46rem";
  frame.style.border = "0";
  frame.loading = "lazy";
  script.parentNode.insertBefore(frame, script.nextSibling);
})();
"""


@require_GET
def embed(request: HttpRequest, slug: str) -> HttpResponse:
    """The one-line embed: `<script src=".../embed.js" async></script>` inserts the form's
    iframe after itself, in the visitor's browser language."""
    found = _active_form(slug)
    url = settings.ORBIS_PUBLIC_URL + reverse("sales_public:form", args=[found.slug])
    body = EMBED % {"url": json.dumps(url), "title": json.dumps(found.name)}
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


def snippets(found: WebForm) -> dict[str, str]:
    """The two ways to embed a form, as shown to the admin on the form's page."""
    base = settings.ORBIS_PUBLIC_URL
    url = base + reverse("sales_public:form", args=[found.slug])
    script = base + reverse("sales_public:embed", args=[found.slug])
    return {
        "script": f'<script src="{script}" async></script>',
        "iframe": (
            f'<iframe src="{url}" title="{escape(found.name)}" '
            'style="width:100%;min-height:46rem;border:0"></iframe>'
        ),
        "url": url,
    }
