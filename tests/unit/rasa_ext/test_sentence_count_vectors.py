"""The sentence-only count-vectors featurizer gives Rasa's sentence features and nothing else."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_ext.sentence_count_vectors import SentenceCountVectorsFeaturizer

EXAMPLES = ["we want faster onboarding", "our follow up is a mess", "how much does it cost", "talk to a person"]


def _featurizer(cls: type, tmp: Path, config: dict) -> CountVectorsFeaturizer:
    (tmp / cls.__name__).mkdir(parents=True)
    storage = LocalModelStorage(tmp / cls.__name__)
    context = ExecutionContext(GraphSchema({}), "test")
    featurizer = cls.create({**cls.get_default_config(), **config}, storage, Resource(cls.__name__), context)
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    data = TrainingData([Message.build(text, intent="x") for text in EXAMPLES])
    tokenizer.process_training_data(data)
    featurizer.train(data)
    return featurizer


def _features(featurizer: CountVectorsFeaturizer, text: str) -> Message:
    message = Message({TEXT: text})
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process([message])
    featurizer.process([message])
    return message


def test_same_sentence_features_without_sequence_features(tmp_path: Path) -> None:
    for index, config in enumerate(({"min_ngram": 1, "max_ngram": 2},
                                    {"analyzer": "char_wb", "min_ngram": 2, "max_ngram": 5})):
        rasa_own = _featurizer(CountVectorsFeaturizer, tmp_path / str(index), config)
        ours = _featurizer(SentenceCountVectorsFeaturizer, tmp_path / str(index), config)
        for text in [*EXAMPLES, "our onboarding cost is a mess", "zzz"]:
            expected, got = _features(rasa_own, text), _features(ours, text)
            assert [f.type for f in got.features] == [FEATURE_TYPE_SENTENCE]
            wanted = next(f for f in expected.features if f.type == FEATURE_TYPE_SENTENCE)
            assert np.array_equal(got.features[0].features.toarray(), wanted.features.toarray())
            assert any(f.type == FEATURE_TYPE_SEQUENCE for f in expected.features)
