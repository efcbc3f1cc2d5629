"""The labelled fit set behind `make bench-fit` names real catalog items, so it cannot silently rot."""

from bot.bench.fit_bench import load_fit_set, score_fit
from bot.discovery.catalog import load_catalog


def test_every_labelled_pick_is_a_catalog_item():
    ids = {item.id for item in load_catalog().items}
    cases = load_fit_set()
    assert len(cases) >= 60
    assert all(set(case.best) <= ids for case in cases)


def test_scoring_counts_honest_nothing_fits_and_lists_misses():
    catalog = load_catalog()
    cases = [case for case in load_fit_set() if case.profile.goal in ("learn to bake sourdough",
                                                                      "digitise patient intake forms")]
    score = score_fit(cases, catalog)
    assert (score.top1, score.nothing_fits_right, score.nothing_fits_cases, score.misses) == (1.0, 1, 1, ())
