"""What a person reads on a page: its text and the labels of its controls, not its markup.

Codes may stay in attributes that scripts and tests read (data-jurisdiction="eu_gdpr", option
values); they must not be in what is shown or read aloud.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from django.utils import translation

SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


class _Text(HTMLParser):
    def __init__(self, within: str | None) -> None:
        super().__init__()
        self.within, self.depth, self.skip = within, 0 if within else 1, 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += tag not in ("br", "input", "img", "hr", "meta", "link")
        elif dict(attrs).get("id") == self.within:
            self.depth = 1
        if tag in ("script", "style"):
            self.skip += 1
        if self.depth:
            self.parts += [v for k, v in attrs if k in SHOWN_ATTRIBUTES and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip -= 1
        if self.depth and tag not in ("br", "input", "img", "hr", "meta", "link"):
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip and data.strip():
            self.parts.append(data.strip())


def shown_text(response: Any, within: str | None = None) -> str:
    """The page's visible text (of the element with id `within`, else all of it)."""
    parser = _Text(within)
    parser.feed(response.content.decode())
    return "\n".join(parser.parts)


def in_german(label: Any) -> str:
    """A label as the German UI shows it (its catalog entry, or the source text until the
    catalogs are filled)."""
    with translation.override("de"):
        return str(label)
