"""How this product plugs into Rasa: each module is the smallest override of one Rasa hook.

- `channels/`: input channels (`RestInput` / `SocketIOInput` subclasses: sender, message, metadata hooks).
- `tracker_store.py`: `SQLTrackerStore.save`, followed by the after-turn work (`bot/after_turn.py`).
- `strict_tracker_store.py`: `Agent._create_tracker_store`, without the in-memory fail-safe.
- `lock_store.py`: `RedisLockStore`'s ticket read-modify-write, made atomic.
- `remote_actions.py`: `RemoteAction.run` (apology when the action server is down, schema check once).
- `meaning_featurizer.py`: a `DenseFeaturizer` adding pretrained word and sentence vectors.
- `intent_classifier.py`: `LogisticRegressionClassifier`, reading only sentence features and applying `C`.
- `profile_listener.py`: an NLU graph component adding the facts a visitor volunteers as entities.
- `conversation_api.py`: a client of Rasa's conversation HTTP API (the inbox's pause, resume, replies).
- `model_training.py`: `rasa train` (skipped when a fingerprint of its inputs matches the newest model) and
  swapping the model of a running server.
"""
