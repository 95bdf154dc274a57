"""The access and portability export: a ZIP with JSON and CSV of what every app holds.

Built when it is downloaded, never stored: a copy of someone's data lying on disk would be one
more thing to secure, retain and erase. Each registered personal-data handler contributes one
JSON file and one CSV file; `manifest.json` says what the export covers and which declared
fields (if any) were missing from a handler's answer.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from orbis.kernel.registry import PersonalDataHandler, registry
from orbis.kernel.tabular import SafeCsvWriter

from . import querysets, services
from .models import DataSubjectRequest


def missing_fields(handler: PersonalDataHandler, data: dict[str, Any]) -> list[str]:
    """Declared fields ("app.model.field") the handler's export does not carry.

    The convention: the export maps "app.model" to a list of row dicts; a declared field is
    present when that section exists and every row has the field's key.
    """
    missing = []
    for name in handler.fields:
        section, _, column = name.rpartition(".")
        rows = data.get(section)
        if not isinstance(rows, list) or any(
            not isinstance(row, dict) or column not in row for row in rows
        ):
            missing.append(name)
    return sorted(missing)


def flatten(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(dotted path, text) pairs of a JSON value: rows of the CSV file."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from flatten(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        if not value:
            yield path, ""
        for index, item in enumerate(value):
            yield from flatten(item, f"{path}.{index}" if path else str(index))
    else:
        yield path, "" if value is None else str(value)


def _csv(data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = SafeCsvWriter(out)
    writer.writerow(["field", "value"])
    for path, text in flatten(data):
        writer.writerow([path, text])
    return out.getvalue()


def gather(request: DataSubjectRequest) -> dict[str, dict[str, Any]]:
    """What each registered handler holds about the request's contact, keyed by app label."""
    return {
        label: handler.export(request.contact)
        for label, handler in sorted(registry.personal_data_handlers.items())
    }


def build_zip(request: DataSubjectRequest, gathered: dict[str, dict[str, Any]]) -> bytes:
    manifest = {
        "request": request.reference,
        "kind": request.kind,
        "contact_id": str(request.contact_id),
        "generated_at": timezone.now().isoformat(),
        "jurisdiction": request.jurisdiction,
        "apps": {
            label: {
                "files": [f"{label}.json", f"{label}.csv"],
                "fields": registry.personal_data_handlers[label].fields,
                "purposes": list(registry.personal_data_handlers[label].purposes),
                "missing_fields": missing_fields(registry.personal_data_handlers[label], data),
            }
            for label, data in gathered.items()
        },
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        for label, data in gathered.items():
            archive.writestr(
                f"{label}.json", json.dumps(data, indent=2, ensure_ascii=False, default=str)
            )
            archive.writestr(f"{label}.csv", _csv(json.loads(json.dumps(data, default=str))))
    return buffer.getvalue()


def export_zip(actor: Any, request: DataSubjectRequest) -> tuple[str, bytes]:
    """The ZIP for an access or portability request, audited as an export; (filename, bytes)."""
    querysets.require_exportable(actor, request)
    gathered = gather(request)
    content = build_zip(request, gathered)
    services.record_export(request, sorted(gathered), actor=actor)
    return f"personal-data-{request.reference}.zip", content
