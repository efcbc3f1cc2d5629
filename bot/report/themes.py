"""Groups what visitors said into themes by meaning, each named by its most central phrase, with quotes.

Texts close to something in the catalog are compared by how close they are to each catalog item (their
"profile" over the catalog, keeping only the items that stand out above the text's own average, so two
texts are alike when the same items stand out for both): this
keeps "I lead customer success and our churn is creeping up" with churn, not with lead generation. Texts
close to nothing in the catalog are compared by their own sentence vectors, and their themes are marked as
not covered: that is where content is missing. Thresholds chosen on the labelled fit set's goals
(docs/BENCHMARKS.md, "Report themes").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage

from bot.discovery.catalog import Catalog
from bot.discovery.item_meaning import item_description
from bot.meaning.closeness import Query
from bot.meaning.embeddings import unit_rows

OTHER = "other"
MAX_QUOTES = 3
PROFILE_THRESHOLD = 0.6
UNCOVERED_THRESHOLD = 0.5


@dataclass
class Theme:
    name: str
    count: int = 0
    quotes: list[str] = field(default_factory=list)
    covered: bool = True  # False: nothing in the catalog is close to what these visitors said
    members: list[str] = field(default_factory=list)  # every text in the theme (quotes are the first few)


def _clusters(vectors: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-linkage clusters whose members are, on average, at least `threshold` cosine-similar."""
    if len(vectors) == 1:
        return [[0]]
    labels = fcluster(linkage(vectors, method="average", metric="cosine"), t=1 - threshold, criterion="distance")
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    return list(groups.values())


def _theme(members: list[int], texts: list[str], vectors: np.ndarray, covered: bool) -> Theme:
    """Named by the member closest on average to the others; quotes start with it."""
    inside = vectors[members]
    central = members[int(np.argmax((inside @ inside.T).mean(axis=1)))]
    quotes = [texts[central]] + [texts[i] for i in members if texts[i] != texts[central]]
    unique_quotes = list(dict.fromkeys(quotes))[:MAX_QUOTES]
    return Theme(texts[central], len(members), unique_quotes, covered, [texts[i] for i in members])


def group_by_theme(texts: Iterable[str], catalog: Catalog) -> list[Theme]:
    """Themes of two or more texts, biggest first, then one "other" theme for texts alike to no other."""
    said = [text for text in texts if text and text.strip()]
    if not said:
        return []
    queries = [Query.of(text) for text in said]
    descriptions = [item_description(item) for item in catalog.items]
    closeness = np.array([[description.closeness(query) for description in descriptions] for query in queries])
    fits = closeness.max(axis=1) >= catalog.ranking["minimum_score"] / max(1, catalog.ranking["meaning_match"])
    themes: list[Theme] = []
    leftovers: list[int] = []
    for covered, threshold in ((True, PROFILE_THRESHOLD), (False, UNCOVERED_THRESHOLD)):
        chosen = [i for i in range(len(said)) if bool(fits[i]) == covered]
        if not chosen:
            continue
        if covered:
            standing_out = closeness[chosen] - closeness[chosen].mean(axis=1, keepdims=True)
            vectors = unit_rows(np.clip(standing_out, 0, None))
        else:
            vectors = np.stack([queries[i].sentence for i in chosen])
        texts = [said[i] for i in chosen]
        for members in _clusters(vectors, threshold):
            if len(members) == 1:
                leftovers.append(chosen[members[0]])
            else:
                themes.append(_theme(members, texts, vectors, covered))
    themes.sort(key=lambda theme: (-theme.count, theme.name))
    if leftovers:
        alone = [said[i] for i in leftovers]
        themes.append(Theme(OTHER, len(alone), list(dict.fromkeys(alone))[:MAX_QUOTES], members=alone))
    return themes


def group_by_meaning(texts: Iterable[str], threshold: float = UNCOVERED_THRESHOLD) -> list[Theme]:
    """Every text in exactly one group of texts alike in meaning (their sentence vectors), biggest first;
    a text alike to no other is a group of its own."""
    said = [text.strip() for text in texts if text and text.strip()]
    if not said:
        return []
    vectors = np.stack([Query.of(text).sentence for text in said])
    themes = [_theme(members, said, vectors, covered=False) for members in _clusters(vectors, threshold)]
    return sorted(themes, key=lambda theme: (-theme.count, theme.name))
