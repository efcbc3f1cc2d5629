"""The visitor profile in domain.yml matches its one declaration (bot/profile/facts.py)."""

from __future__ import annotations

from pathlib import Path

from bot.content_check.content_files import ContentFiles
from bot.content_check.findings import Finding, error
from bot.discovery.listening import discovery_order
from bot.profile.facts import PROFILE_FACTS


def check_profile(files: ContentFiles, domain_path: Path) -> list[Finding]:
    """Each fact has a slot filled from its entity, an asked fact has a question, and the form asks in order."""
    domain = files.documents.get(domain_path)
    if not isinstance(domain, dict):
        return []
    slots = domain.get("slots") or {}
    entities = {name for entity in domain.get("entities") or []
                for name in (entity if isinstance(entity, dict) else {entity: None}) if name != "__line__"}
    responses = domain.get("responses") or {}
    findings: list[Finding] = []
    for fact in PROFILE_FACTS:
        slot = slots.get(fact.name)
        line = slot.get("__line__") if isinstance(slot, dict) else slots.get("__line__")
        if not isinstance(slot, dict):
            findings.append(error(domain_path, slots.get("__line__"), f"the profile fact '{fact.name}' has no slot",
                                  f"add a slot '{fact.name}' (type: text) under `slots:`"))
            continue
        mappings = [m for m in slot.get("mappings") or [] if isinstance(m, dict)]
        if not any(m.get("type") == "from_entity" and m.get("entity") == fact.name for m in mappings):
            findings.append(error(domain_path, line, f"slot '{fact.name}' is not filled when the visitor mentions it",
                                  f"add `- type: from_entity` with `entity: {fact.name}` as its first mapping"))
        if fact.name not in entities:
            findings.append(error(domain_path, domain.get("__line__"), f"entity '{fact.name}' is not declared",
                                  f"add '{fact.name}' to the `entities:` list"))
        if fact.asked and f"utter_ask_{fact.name}" not in responses:
            findings.append(error(domain_path, responses.get("__line__"),
                                  f"the assistant asks for '{fact.name}' but has no question for it",
                                  f"add a response `utter_ask_{fact.name}`"))
    form = (domain.get("forms") or {}).get("discovery_form") or {}
    required = [slot for slot in form.get("required_slots") or []] if isinstance(form, dict) else []
    if required != list(discovery_order()):
        findings.append(error(domain_path, form.get("__line__") if isinstance(form, dict) else None,
                              "discovery_form's required_slots differ from the profile's asked facts",
                              "list them in this order: " + ", ".join(discovery_order())))
    return findings
