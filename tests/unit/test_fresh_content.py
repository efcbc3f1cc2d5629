"""Content edits reach the running action server without a restart; a broken edit never takes it down."""

import logging
import os

import pytest

from bot.discovery.catalog import CatalogError, load_catalog
from bot.fresh_content import FreshContent
from bot.paths import DATA_DIR


def _touch_later(path, seconds=5):
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + seconds * 1_000_000_000))


@pytest.fixture
def catalog_file(tmp_path):
    path = tmp_path / "catalog.yml"
    path.write_text((DATA_DIR / "catalog.yml").read_text())
    return path


def test_an_edit_is_loaded_and_an_unchanged_file_is_not(catalog_file):
    loads = []

    def load():
        loads.append(1)
        return load_catalog(catalog_file)

    content = FreshContent(load, lambda: [catalog_file])
    first = content.get()
    assert content.get() is first and len(loads) == 1
    catalog_file.write_text(catalog_file.read_text().replace("max_items: 3", "max_items: 2"))
    _touch_later(catalog_file)
    assert content.get().ranking["max_items"] == 2 and len(loads) == 2


def test_a_broken_edit_keeps_the_last_good_content_and_is_logged_once(catalog_file, caplog):
    content = FreshContent(lambda: load_catalog(catalog_file), lambda: [catalog_file])
    good = content.get()
    catalog_file.write_text(catalog_file.read_text().replace("type: guide", "type: podcast", 1))
    _touch_later(catalog_file)
    with caplog.at_level(logging.ERROR):
        assert content.get() is good and content.get() is good
    assert [r.message for r in caplog.records].count(caplog.records[0].message) == 1
    assert "'podcast' is not one of" in caplog.records[0].message
    catalog_file.write_text(catalog_file.read_text().replace("type: podcast", "type: guide", 1))
    _touch_later(catalog_file, 10)
    assert content.get() is not good and content.get().items == good.items


def test_a_broken_first_load_is_an_error(catalog_file):
    catalog_file.write_text("items: []\n")
    with pytest.raises(CatalogError):
        FreshContent(lambda: load_catalog(catalog_file), lambda: [catalog_file]).get()
