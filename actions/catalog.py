"""The action server's copy of the content catalog, validated at start and reloaded when the file changes."""

from bot.discovery.catalog import CATALOG_FILE, Catalog, load_catalog
from bot.fresh_content import FreshContent

_catalog = FreshContent(load_catalog, lambda: [CATALOG_FILE])


def catalog() -> Catalog:
    """The validated catalog; an invalid catalog raises at action-server start, later keeps the last good one."""
    return _catalog.get()
