"""Unique entity mappings: Rasa's answer for each form, worked out once per domain."""

from __future__ import annotations

import pytest
from rasa.core.actions.forms import FormAction
from rasa.shared.core.domain import Domain

from bot.rasa_ext import form_mappings

RASAS_OWN = getattr(FormAction._create_unique_entity_mappings, "__wrapped__",
                    FormAction._create_unique_entity_mappings)

TWO_CITIES = """
version: "3.1"
entities: [city]
slots:
  departure:
    type: text
    mappings: [{type: from_entity, entity: city, role: from}, {type: from_entity, entity: city}]
  arrival:
    type: text
    mappings: [{type: from_entity, entity: city, role: to}, {type: from_entity, entity: city}]
forms:
  trip_form:
    required_slots: [departure, arrival]
"""


@pytest.fixture(autouse=True)
def installed() -> None:
    form_mappings.install()
    form_mappings._kept.clear()


@pytest.mark.parametrize("domain", [Domain.from_yaml(TWO_CITIES), Domain.from_path("domain.yml")],
                         ids=["two cities", "project"])
def test_each_form_gets_rasas_answer(domain: Domain) -> None:
    for form in domain.form_names:
        ours = FormAction(form, None)._create_unique_entity_mappings(domain)
        assert ours == RASAS_OWN(FormAction(form, None), domain)


def test_only_the_mappings_with_a_role_are_unique_between_two_cities() -> None:
    unique = FormAction("trip_form", None)._create_unique_entity_mappings(Domain.from_yaml(TWO_CITIES))
    assert len(unique) == 2 and all('"role"' in mapping for mapping in unique)


def test_the_domain_is_read_once_per_form_and_again_for_a_new_domain(monkeypatch: pytest.MonkeyPatch) -> None:
    reads = []
    original_as_dict = Domain.as_dict
    monkeypatch.setattr(Domain, "as_dict", lambda self: reads.append(self) or original_as_dict(self))
    first, second = Domain.from_yaml(TWO_CITIES), Domain.from_yaml(TWO_CITIES)
    for _ in range(3):
        FormAction("trip_form", None).entity_mapping_is_unique({"type": "from_entity", "entity": "city"}, first)
    assert reads == [first]
    FormAction("trip_form", None).entity_mapping_is_unique({"type": "from_entity", "entity": "city"}, second)
    assert reads == [first, second]
