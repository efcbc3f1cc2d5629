"""The content catalog: the shipped file is valid, and bad catalogs fail loudly with every problem."""

import copy

import pytest
import yaml

from bot.discovery.catalog import CATALOG_FILE, ITEM_TYPES, CatalogError, load_catalog, parse_catalog


@pytest.fixture
def shipped():
    return yaml.safe_load(CATALOG_FILE.read_text())


def test_shipped_catalog_is_valid_and_varied():
    catalog = load_catalog()
    assert len(catalog.items) >= 12
    assert {item.type for item in catalog.items} == set(ITEM_TYPES)
    assert len({item.id for item in catalog.items}) == len(catalog.items)


def test_every_problem_is_reported(shipped):
    data = copy.deepcopy(shipped)
    data["items"][0]["url"] = "northwind-flow.example/no-scheme"
    data["items"][1]["id"] = data["items"][2]["id"]
    data["items"][3]["for"]["roles"] = ["wizard"]
    data["items"][4]["for"]["company_sizes"] = ["huge"]
    data["items"][5]["type"] = "podcast"
    del data["items"][6]["title"]
    data["items"][7]["title"] = data["items"][8]["title"]
    data["items"][9]["for"]["stage"] = "someday"
    with pytest.raises(CatalogError) as error:
        parse_catalog(data)
    problems = "\n".join(error.value.problems)
    for expected in ("must be a full address", "used more than once; ids must be unique", "'wizard'",
                     "'huge'", "'podcast'", "needs a `title`", "title", "'someday'"):
        assert expected in problems
    assert len(error.value.problems) >= 8


def test_unknown_placeholder_in_reason_is_refused(shipped):
    data = copy.deepcopy(shipped)
    data["reasons"]["goal"] = "because {company} wants it"
    with pytest.raises(CatalogError, match="reasons.goal"):
        parse_catalog(data)


@pytest.mark.parametrize("value, problem", [(120, "at most 100"), (-5, "0 or more"), ("most", "0 or more")])
def test_close_to_best_is_a_percentage(shipped, value, problem):
    data = copy.deepcopy(shipped)
    data["ranking"]["close_to_best"] = value
    with pytest.raises(CatalogError, match=f"ranking.close_to_best.*{problem}"):
        parse_catalog(data)


def test_item_that_can_never_match_is_refused(shipped):
    data = copy.deepcopy(shipped)
    data["items"][0]["for"] = {"stage": "awareness"}
    with pytest.raises(CatalogError, match="never be recommended"):
        parse_catalog(data)


def test_broken_yaml_names_the_problem(tmp_path):
    path = tmp_path / "catalog.yml"
    path.write_text("items:\n  - id: [unclosed\n")
    with pytest.raises(CatalogError, match="not valid YAML"):
        load_catalog(path)


def test_empty_catalog_is_refused():
    with pytest.raises(CatalogError, match="non-empty `items`"):
        parse_catalog({"items": []})
