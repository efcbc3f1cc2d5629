"""The operators' CRM field mapping is checked with messages that say what to fix."""

import pytest
import yaml

from bot.content_check.runner import check_crm_mapping
from bot.crm.field_mapping import MappingError, load_mapping
from bot.crm.lead_details import split_name
from bot.paths import CRM_MAPPING_FILE

SHIPPED = yaml.safe_load(CRM_MAPPING_FILE.read_text())


def _write(tmp_path, change):
    data = yaml.safe_load(CRM_MAPPING_FILE.read_text())
    change(data)
    path = tmp_path / "crm_fields.yml"
    path.write_text(yaml.safe_dump(data))
    return path


def test_the_shipped_mapping_loads():
    mapping = load_mapping()
    assert mapping.hubspot.fields["email"] == "email"
    assert mapping.salesforce.external_id == "Leadbot_Lead_Id__c"


@pytest.mark.parametrize("change, message", [
    (lambda d: d["hubspot"]["properties"].pop("email"), "needs `email`"),
    (lambda d: d["hubspot"]["properties"].update({"favourite_colour": "x"}), "'favourite_colour' is not a lead detail"),
    (lambda d: d["hubspot"]["properties"].update({"goal": "Leadbot Goal"}), "'Leadbot Goal' is not a valid name"),
    (lambda d: d["salesforce"]["fields"].pop("company"), "needs `company`"),
    (lambda d: d["salesforce"].update({"external_id": "Email"}), "custom External ID field"),
    (lambda d: d["hubspot"].update({"owners": {"rita": "123"}}), "should be a rep's email address"),
    (lambda d: d["hubspot"].update({"owners": {"rita@example.com": "abc"}}), "'abc' is not a valid name or id"),
    (lambda d: d.pop("salesforce"), "needs a `salesforce:` section"),
])
def test_mistakes_are_named(tmp_path, change, message):
    path = _write(tmp_path, change)
    with pytest.raises(MappingError, match=message.replace("(", r"\(").replace("`", "`")):
        load_mapping(path)
    [finding] = check_crm_mapping(path)
    assert message in finding.message


def test_a_file_that_is_not_yaml_is_named(tmp_path):
    path = tmp_path / "crm_fields.yml"
    path.write_text("hubspot: [unclosed")
    with pytest.raises(MappingError, match="crm_fields.yml: cannot be read"):
        load_mapping(path)


def test_names_are_split_for_first_and_last_name_fields():
    assert split_name("Sam Lee Jones") == ("Sam", "Lee Jones")
    assert split_name("Sam") == ("Sam", None)
    assert split_name("  ") == (None, None)
