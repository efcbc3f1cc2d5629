"""Each catalog item's meaning, from its title, summary, helps_with line and `for:` phrases, embedded once."""

from __future__ import annotations

from functools import lru_cache

from bot.discovery.catalog import CatalogItem
from bot.meaning.closeness import Description, Query


def _phrases(item: CatalogItem) -> tuple[str, ...]:
    return (item.title, item.summary, item.helps_with, *item.goals, *item.challenges)


@lru_cache(maxsize=1024)
def item_description(item: CatalogItem) -> Description:
    """The item's phrases as one `Description` (cached: items are immutable, a reload makes new ones)."""
    return Description(_phrases(item))


# One item crowds out another when it scores this share of the other's own score on the other's own words.
CROWDING_SHARE = 0.85


def _own_words(item: CatalogItem) -> str:
    return " ".join(_phrases(item))


def _audiences_overlap(first: CatalogItem, second: CatalogItem) -> bool:
    def overlap(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
        return not a or not b or bool(set(a) & set(b))
    return overlap(first.roles, second.roles) and overlap(first.company_sizes, second.company_sizes)


def crowded_items(items: tuple[CatalogItem, ...]) -> list[tuple[CatalogItem, CatalogItem]]:
    """Pairs (item, rival) for the same visitors where the rival is nearly as close to the item's own words
    as the item itself: whichever wins, the other is hardly ever picked."""
    pairs = []
    for item in items:
        own_words = Query.of(_own_words(item))
        own = item_description(item).closeness(own_words)
        for rival in items:
            if rival is item or not _audiences_overlap(item, rival):
                continue
            if item_description(rival).closeness(own_words) >= CROWDING_SHARE * own and \
                    (rival, item) not in pairs:
                pairs.append((item, rival))
    return pairs
