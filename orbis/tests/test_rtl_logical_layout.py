"""Layout is written in logical directions (start/end), never left/right, so that Arabic mirrors
it: Bootstrap's ms-/me-/ps-/pe-/text-start/text-end classes in templates, inline-start/end
properties in Orbis' own CSS. Bootstrap 5 has no ml-/mr- classes any more; a template using one
would silently lose its spacing, and a physical one (float-end is fine, "left" is not) would
not flip."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
TEMPLATES = sorted(p for p in ROOT.rglob("templates/**/*.html") if "/admin/" not in str(p))
CSS = sorted((ROOT / "static" / "orbis").glob("*.css"))

# Bootstrap 4 physical utilities and physical words Bootstrap 5 replaced by start/end.
PHYSICAL_CLASS = re.compile(
    r"^(m[lr]|p[lr])-(\d|auto|n\d)"
    r"|^(text|float)-(\w+-)?(left|right)$"
    r"|^(border|rounded)-(left|right)"
    r"|^dropdown-menu-(\w+-)?(left|right)$"
    r"|^(start|end)-(?!0$|50$|100$)"  # positioned start-0/end-0 are fine, anything else is a typo
)
PHYSICAL_CSS = re.compile(
    r"(margin|padding|border)-(left|right)\b"
    r"|(?<![-\w])(left|right)\s*:"
    r"|text-align\s*:\s*(left|right)"
    r"|float\s*:\s*(left|right)"
)


def _classes(text: str) -> list[str]:
    return [c for value in re.findall(r'class="([^"]*)"', text) for c in value.split()]


def test_there_are_templates_and_css_to_check():
    assert len(TEMPLATES) >= 20 and CSS


def test_templates_use_logical_classes():
    offending = {
        str(path.relative_to(ROOT)): bad
        for path in TEMPLATES
        if (bad := [c for c in _classes(path.read_text()) if PHYSICAL_CLASS.search(c)])
    }
    assert offending == {}


def test_orbis_css_uses_logical_properties():
    offending = {
        str(path.relative_to(ROOT)): PHYSICAL_CSS.findall(path.read_text()) for path in CSS
    }
    assert {k: v for k, v in offending.items() if v} == {}


def test_the_checks_catch_physical_layout():
    assert [
        c for c in _classes('<p class="ml-2 text-end ps-3 text-left">') if PHYSICAL_CLASS.search(c)
    ] == [
        "ml-2",
        "text-left",
    ]
    assert PHYSICAL_CSS.search(".x { margin-left: 1rem; }")
    assert PHYSICAL_CSS.search(".x { left: 0; }")
    assert not PHYSICAL_CSS.search(".x { inset-inline-start: 0; margin-inline-end: 1rem; }")
