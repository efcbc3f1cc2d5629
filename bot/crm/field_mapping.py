"""The operator's field mapping (data/crm_fields.yml): which lead detail goes to which CRM field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.paths import CRM_MAPPING_FILE

# What the assistant knows about a lead and can send.
LEAD_DETAILS = ("email", "first_name", "last_name", "company", "role", "company_size", "timeline", "goal",
                "challenge", "warmth", "warmth_reasons", "outcome", "lead_id", "contact_preferences")
_HUBSPOT_NAME = re.compile(r"[a-z][a-z0-9_]{0,99}")
_SALESFORCE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,79}")
_HUBSPOT_OWNER = re.compile(r"\d{1,20}")
_SALESFORCE_USER = re.compile(r"005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?")


class MappingError(ValueError):
    """The mapping file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class CrmMapping:
    """One CRM's side of the mapping: lead detail -> field, rep email -> owner id."""

    fields: dict[str, str]
    owners: dict[str, str] = field(default_factory=dict)
    external_id: str = ""  # Salesforce only: the External ID field holding the lead id


@dataclass(frozen=True)
class FieldMapping:
    hubspot: CrmMapping
    salesforce: CrmMapping


def _section(data: Any, name: str, where: str) -> dict[str, Any]:
    section = data.get(name) if isinstance(data, dict) else None
    if not isinstance(section, dict):
        raise MappingError(f"{where}: needs a `{name}:` section")
    return section


def _pairs(section: dict[str, Any], key: str, where: str, value_pattern: re.Pattern[str],
           keys: tuple[str, ...] | None) -> dict[str, str]:
    raw = section.get(key) or {}
    if not isinstance(raw, dict):
        raise MappingError(f"{where}: `{key}` should be a list of `name: value` lines")
    pairs = {}
    for name, value in raw.items():
        name, value = str(name).strip(), str(value if value is not None else "").strip()
        if keys is not None and name not in keys:
            raise MappingError(f"{where}: {key}: {name!r} is not a lead detail (one of: {', '.join(keys)})")
        if keys is None and "@" not in name:
            raise MappingError(f"{where}: {key}: {name!r} should be a rep's email address")
        if not value_pattern.fullmatch(value):
            raise MappingError(f"{where}: {key}: {name}: {value!r} is not a valid name or id here")
        pairs[name.lower() if keys is None else name] = value
    return pairs


def load_mapping(path: Path = CRM_MAPPING_FILE) -> FieldMapping:
    """Read and check the mapping file; a MappingError says what to fix."""
    where = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise MappingError(f"{where}: cannot be read ({error})") from None
    hubspot, salesforce = _section(data, "hubspot", where), _section(data, "salesforce", where)
    hubspot_fields = _pairs(hubspot, "properties", f"{where}: hubspot", _HUBSPOT_NAME, LEAD_DETAILS)
    if "email" not in hubspot_fields:
        raise MappingError(f"{where}: hubspot: properties needs `email` (contacts are matched by email)")
    salesforce_fields = _pairs(salesforce, "fields", f"{where}: salesforce", _SALESFORCE_NAME, LEAD_DETAILS)
    for required in ("last_name", "company"):
        if required not in salesforce_fields:
            raise MappingError(f"{where}: salesforce: fields needs `{required}` (Salesforce requires it on a Lead)")
    external_id = str(salesforce.get("external_id") or "").strip()
    if not _SALESFORCE_NAME.fullmatch(external_id) or not external_id.endswith("__c"):
        raise MappingError(f"{where}: salesforce: external_id should name a custom External ID field (…__c)")
    return FieldMapping(
        hubspot=CrmMapping(hubspot_fields, _pairs(hubspot, "owners", f"{where}: hubspot", _HUBSPOT_OWNER, None)),
        salesforce=CrmMapping(salesforce_fields,
                              _pairs(salesforce, "owners", f"{where}: salesforce", _SALESFORCE_USER, None),
                              external_id))
