"""`Domain.is_empty` answers as Rasa's does, without building an empty domain per call."""

from rasa.shared.core.domain import Domain

from bot.rasa_ext import domain_emptiness


def test_the_same_answers_as_rasa_and_the_empty_domain_is_built_once(monkeypatch):
    stock = Domain.is_empty
    project = Domain.from_path("domain.yml")
    assert stock(Domain.empty()) and not stock(project)
    monkeypatch.setattr(Domain, "is_empty", Domain.is_empty)  # restored after the test
    domain_emptiness.install()
    domain_emptiness._empty_domain_dict.cache_clear()
    built = []
    real_empty = Domain.empty.__func__
    monkeypatch.setattr(Domain, "empty", classmethod(lambda cls: built.append(1) or real_empty(cls)))
    assert Domain.from_dict({}).is_empty() and not project.is_empty()
    assert all(not project.is_empty() for _ in range(5))
    assert len(built) == 1
