"""The action server's copy of the content catalog, validated once at start."""

from functools import lru_cache

from bot.discovery.catalog import Catalog, load_catalog


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    """The validated catalog; an invalid catalog raises here, at action-server start."""
    return load_catalog()
