"""Every value from the data that a template writes into text is bidi-isolated.

Without isolation an Arabic page shows "347 Angela Loaf Suite 834" as "Angela Loaf Suite 834
347" and "Morales y Jaén S.L." as ".Morales y Jaén S.L.": the browser lays out a Latin value by
the page's right-to-left direction and lets it run into the text beside it. Isolated, a value
takes its direction from its own first strong letter and stays apart from its neighbours.

This scans every template (orbis/templates, each app's templates, future apps' too) with
Django's own template lexer and a small HTML tag tracker. A `{{ … }}` written into text (not into
an attribute) is isolated when

- it goes through the `bdi` filter (orbis_format): `{{ company.name|bdi }}`, or
- it sits inside a `<bdi>` element or an element with a `dir` attribute (an `<option dir="auto">`,
  a phone link with `dir="ltr"`), or inside a mailto:/tel:/http link or `.ltr-value`, which
  app.css isolates left to right, or
- it sits inside a `<time>` element: a moment Orbis formatted in the viewer's language, or
- it is not a value from the data: one of the kinds listed below (not_data), each with why:
  a label looked up from a code, a literal of the template, the number blocktranslate counts.

Text that cannot hold markup is left out: the page title. Anything else fails with the
template, line and expression, so that a new template cannot forget it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.template.base import Lexer, TokenType

ORBIS = Path(__file__).resolve().parents[1]

# Filters whose output Orbis formats in the viewer's own language and script from codes, numbers
# or moments: there is no stored text in it to reorder.
LOCALE_FORMATTED = {
    "date_medium",
    "datetime_medium",
    "time_short",
    "relative",
    "iso_datetime",
    "datetime_input",
    "moment",
    "day",
    "rate_date",
    "money",
    "rate",
    "number",  # orbis_format: a count or an amount in the viewer's CLDR number style (Babel)
    "country_name",
    "language_name",
    "length",
    "yesno",
    "add",
    "stage_class",
    "urlencode",
}

# Filters that look a code up and answer with its label in the viewer's language (a rule pack's
# name, a consent model, a purpose, a channel, a period, a transfer mechanism, a class of
# personal data, a market, a record type, a retention action), or name codes from CLDR or ISO
# 3166-2 as country_name does: words of the UI, not text from the data. An unknown code is
# shown as the code itself, which holds no text to reorder either. (refusal_reason is not one:
# it passes another guard's reason through as written.)
CODE_LABELS = {
    "pack_name",
    "consent_model",
    "purpose_label",
    "channel_label",
    "period",
    "pack_mechanisms",
    "implied_basis",
    "country_names",
    "subdivision_names",
    "personal_classes",
    "residency_mechanism",
    "read_channel",
    "market",
    "record_type",
    "retention_action",
}

# A literal written in the template itself, `{% blocktranslate with status="404" %}`: the
# template's own text (a string or a number), not a value from the data.
LITERAL = re.compile(r"""^(?:"[^"]*"|'[^']*'|-?\d+(?:\.\d+)?)$""")

# Filters whose output is not text on the page: json_script writes a <script type=
# "application/json"> element that scripts read, which the browser never lays out.
NOT_TEXT = {"json_script"}

# Names the views and templates bind to words of the UI language (translated labels, headings,
# validation messages, flash messages) or to counts. A value from the data never arrives
# under these names; data inside a message is isolated where the message is composed.
UI_WORDS = {
    "label",
    "legend",
    "add_label",
    "status",
    "message",
    "error",
    "counter",
    "count",
    "number",
    "days",
    "max_tokens",
    "new_total",
    "csp_nonce",
    # A country's words on a quote or invoice for net, gross and the tax ID (sales.tax.labels).
    "labels.net",
    "labels.gross",
    "labels.tax_id",
}

# The last attribute of an expression that names form machinery (a rendered widget, its id and
# label, its errors) or a translated label of a code.
FORM_AND_LABEL_ATTRIBUTES = {
    "management_form",
    "id_for_label",
    "html_name",
    "auto_id",
    "as_widget",
    "tag",
    "label",
    "help_text",
    "errors",
    "non_field_errors",
    "type_label",
    "purpose_label",
    "channel_label",
    "stage_label",
    "size",
    "count",
    "members",
    "months",
}
FORM_ROOTS = {"field", "form", "formset", "forloop"}
DISPLAY = re.compile(r"^get_\w+_display$")

# Bound form fields that render a widget (an <input>), named like data: (template, expression).
WIDGETS = {
    ("customers/partials/point_row.html", "row.value"),
    ("customers/partials/point_row.html", "row.label"),
    ("customers/partials/employment_row.html", "row.title"),
}

VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
ISOLATING_LINK = re.compile(r"""\shref=["'](mailto:|tel:|http)""")
LTR_VALUE = re.compile(r"""\sclass=["'][^"']*\bltr-value\b""")
DIR_ATTRIBUTE = re.compile(r"""\sdir=""")
OPEN_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")


@dataclass
class Output:
    template: str
    line: int
    expression: str
    elements: list[tuple[str, str]]  # (name, opening tag) of the open elements around it
    bindings: dict[str, str] = field(default_factory=dict)  # blocktranslate's with/count
    in_title: bool = False
    counter: str = ""  # the name blocktranslate's `count` binds: a number, or Django refuses it


def _split_filters(expression: str) -> tuple[str, list[str]]:
    """'a.b|default:"x|y"|bdi' -> ('a.b', ['default', 'bdi']), ignoring | inside quotes."""
    parts = re.findall(r"""(?:[^|"']|"[^"]*"|'[^']*')+""", expression)
    variable = parts[0].strip() if parts else ""
    return variable, [part.split(":", 1)[0].strip() for part in parts[1:]]


def _blocktranslate_bindings(contents: str) -> dict[str, str]:
    bindings = {}
    for name, value in re.findall(r"""(\w+)=((?:[^\s"']|"[^"]*"|'[^']*')+)""", contents):
        bindings[name] = value
    return bindings


def _blocktranslate_counter(contents: str) -> str:
    """The name `{% blocktranslate count counter=… %}` binds; blocktranslate raises
    TemplateSyntaxError unless its value is a number (int, float or Decimal), which has no
    letters to reorder."""
    found = re.search(r"""\bcount\s+(\w+)=""", contents)
    return found.group(1) if found else ""


def template_outputs(path: Path, name: str) -> list[Output]:
    """Every `{{ … }}` of the template written into text, with the elements open around it."""
    outputs: list[Output] = []
    elements: list[tuple[str, str]] = []
    tag = ""  # the tag being read, from "<" to ">"; "" outside tags
    quote = ""
    bindings: dict[str, str] | None = None
    counter = ""
    blocks: list[str] = []
    for token in Lexer(path.read_text(encoding="utf-8")).tokenize():
        if token.token_type == TokenType.TEXT:
            text = token.contents
            for index, char in enumerate(text):
                if tag:
                    tag += char
                    if quote:
                        quote = "" if char == quote else quote
                    elif char in "\"'":
                        quote = char
                    elif char == ">":
                        _close_tag(tag, elements)
                        tag = ""
                elif char == "<" and (
                    text[index + 1 : index + 2].isalpha() or text[index + 1 : index + 2] == "/"
                ):
                    tag = char
        elif token.token_type == TokenType.BLOCK:
            bits = token.split_contents()
            if tag:
                tag += "{%" + token.contents + "%}"
            if bits[0] in ("blocktranslate", "blocktrans"):
                bindings = _blocktranslate_bindings(token.contents)
                counter = _blocktranslate_counter(token.contents)
            elif bits[0] in ("endblocktranslate", "endblocktrans"):
                bindings = None
                counter = ""
            elif bits[0] == "block" and len(bits) > 1:
                blocks.append(bits[1])
            elif bits[0] == "endblock" and blocks:
                blocks.pop()
        elif token.token_type == TokenType.VAR:
            if tag:  # an attribute value: tooltips and ids hold no markup
                tag += "{{" + token.contents + "}}"
                continue
            outputs.append(
                Output(
                    template=name,
                    line=token.lineno or 0,
                    expression=token.contents.strip(),
                    elements=list(elements),
                    bindings=dict(bindings or {}),
                    in_title="title" in blocks or any(n == "title" for n, _ in elements),
                    counter=counter,
                )
            )
    return outputs


def _close_tag(tag: str, elements: list[tuple[str, str]]) -> None:
    found = OPEN_TAG.match(tag)
    if not found or tag.startswith("<!"):
        return
    closing, element = found.group(1), found.group(2).lower()
    if closing:
        for depth in range(len(elements) - 1, -1, -1):
            if elements[depth][0] == element:
                del elements[depth:]
                return
    elif element not in VOID_ELEMENTS and not tag.endswith("/>"):
        elements.append((element, tag))


def _isolated_by_markup(elements: list[tuple[str, str]]) -> bool:
    for element, opening in elements:
        if element in ("html", "body"):
            continue  # the page's own direction, not an isolation
        if element == "bdi" or DIR_ATTRIBUTE.search(opening):
            return True
        if element == "time":  # a moment formatted by orbis.localisation.dates
            return True
        if element == "a" and ISOLATING_LINK.search(opening):
            return True
        if LTR_VALUE.search(opening):
            return True
    return False


def not_data(expression: str, template: str) -> bool:
    variable, filters = _split_filters(expression)
    attributes = variable.split(".")
    if (template, variable) in WIDGETS:
        return True
    if set(filters) & (LOCALE_FORMATTED | CODE_LABELS | NOT_TEXT):
        return True
    if LITERAL.match(variable):
        return True
    if variable == "block.super":  # the parent's block, markup checked in its own template
        return True
    if variable in UI_WORDS or attributes[0] in FORM_ROOTS:
        return True
    if len(attributes) > 1 and attributes[-1] in FORM_AND_LABEL_ATTRIBUTES:
        return True
    return bool(DISPLAY.match(attributes[-1]))


def is_isolated(output: Output) -> bool:
    variable, filters = _split_filters(output.expression)
    if "bdi" in filters:
        return True
    if output.in_title or _isolated_by_markup(output.elements):
        return True
    if output.counter and variable == output.counter:
        return True
    if variable in output.bindings:  # {% blocktranslate with name=company.name|bdi %}
        return is_isolated(
            Output(output.template, output.line, output.bindings[variable], [], {}, False)
        )
    return not_data(output.expression, output.template)


def templates() -> list[tuple[Path, str]]:
    found = []
    for path in sorted(ORBIS.rglob("templates/**/*.html")):
        if "tests" in path.relative_to(ORBIS).parts:
            continue
        parts = path.parts
        name = "/".join(parts[len(parts) - parts[::-1].index("templates") :])
        found.append((path, name))
    return found


def test_the_scan_sees_every_template():
    names = {name for _, name in templates()}
    assert "base.html" in names
    assert "customers/contact_detail.html" in names
    assert "privacy_governance/breach.html" in names
    assert "localisation/partials/contact_times.html" in names
    assert len(names) > 50


def test_the_scan_tells_isolated_values_from_bare_ones(tmp_path):
    sample = tmp_path / "templates" / "sample.html"
    sample.parent.mkdir()
    sample.write_text(
        '<td title="{{ company.name }}">{{ company.name }}</td>'  # line 1: bare
        "\n<td>{{ company.name|bdi }}</td>"
        '\n<td><a href="{{ url }}">{{ company.name|default:"—"|bdi }}</a></td>'
        "\n<td><bdi>{{ company.name }}</bdi></td>"
        '\n<option value="x" dir="auto">{{ region.name }}</option>'
        '\n<a href="mailto:{{ email }}">{{ email }}</a>'
        "\n{% blocktranslate with name=company.name|bdi %}Edit {{ name }}{% endblocktranslate %}"
        "\n{% blocktranslate with name=company.name %}Edit {{ name }}{% endblocktranslate %}"
        "\n<td>{{ company.get_stage_display }} {{ page.rows|length }}</td>"
        "\n<dd>{{ record.updated_at|datetime_medium }}</dd>"
        '\n{% blocktranslate with status="404" %}Error {{ status }}{% endblocktranslate %}'
        "\n{% blocktranslate count counter=late_count %}{{ counter }} late"
        "{% plural %}{{ counter }} late{% endblocktranslate %}"
        "\n{% blocktranslate with count=page.total %}{{ count }} in all{% endblocktranslate %}"
        "\n<td>{{ rule.pack|pack_name }} {{ event.changes.reason|refusal_reason }}</td>",
        encoding="utf-8",
    )
    bare = [o for o in template_outputs(sample, "sample.html") if not is_isolated(o)]
    assert [(o.line, o.expression) for o in bare] == [
        (1, "company.name"),
        (8, "name"),
        (13, "count"),
        (14, "event.changes.reason|refusal_reason"),
    ]


def test_every_data_value_in_text_is_isolated():
    bare = [
        f"{output.template}:{output.line}: {{{{ {output.expression} }}}}"
        for path, name in templates()
        for output in template_outputs(path, name)
        if not is_isolated(output)
    ]
    assert bare == [], (
        "Values from the data written into text without bidi isolation: wrap them as "
        "{{ value|bdi }} (load orbis_format), or put dir on their element:\n" + "\n".join(bare)
    )
