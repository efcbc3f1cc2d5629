"""How this product plugs into Rasa: each module is the smallest override of one Rasa hook.

- `channels/`: input channels (`RestInput` / `SocketIOInput` subclasses: sender, message, metadata hooks).
- `tracker_store.py`: `SQLTrackerStore.retrieve` (reuses the tracker kept in `tracker_cache.py` while the
  database agrees) and `save` (one insert for the turn's events, the after-turn work of `bot/after_turn.py`
  in the same transaction).
- `strict_tracker_store.py`: `Agent._create_tracker_store`, without the in-memory fail-safe.
- `lock_store.py`: `RedisLockStore`'s ticket read-modify-write, made atomic.
- `remote_actions.py`: `RemoteAction.run` (apology when the action server is down, schema check built once
  and per event kind, kept-alive connections with ujson) and `_action_call_format` (validation actions without
  the responses, the session start with the profile read by the tracker store).
- `session_start_profile.py`: a new conversation's stored profile, from the tracker store's first query to the
  session start's action call.
- `incremental_applied_events.py`: `DialogueStateTracker.applied_events`, applying only the events since the last
  call.
- `incremental_states.py`: `Domain.states_for_tracker_history`, replaying only the events since the last call.
- `rule_matching.py`: `RulePolicy._get_possible_keys`, matching rules only against the states a rule can reach.
- `debug_log_arguments.py`: the `copy` of three Rasa modules and `RulePolicy.format_tracker_states`, so debug
  log arguments are built only when debug lines are written.
- `form_mappings.py`: `FormAction._create_unique_entity_mappings`, once per domain and form, not once per turn.
- `tracker_copy.py`: `DialogueStateTracker.copy`, copying the state instead of replaying every event.
- `graph_runner.py`: `DaskGraphRunner` for serving, replaced by one that runs the same nodes in plain order.
- `domain_emptiness.py`: `Domain.is_empty`, comparing with an empty domain built once, not once per message.
- `offered_payloads.py`: `MessageProcessor._handle_message_with_tracker`, so intent syntax only comes from our buttons.
- `paused_privacy.py`: `MessageProcessor._should_handle_message`, so privacy requests get through a pause.
- `answered_once.py`: `MessageProcessor._handle_message_with_tracker` and `handle_message`, so a message whose
  client id is already in the conversation is answered from it instead of run again.
- `import_order.py`: what the Rasa server sets up before importing Rasa (jax marked unavailable).
- `training_code_deferred.py`: the server leaves Rasa's training code (and TensorFlow) unloaded: a lazy
  `rasa.utils.train_utils`, and `ModelMetadata.from_dict` reading the training graph as empty.
- `frozen_after_load.py`: `Agent.load_model`, then `gc.freeze()`: the model's objects leave the collector's walk.
- `sentence_count_vectors.py`: `CountVectorsFeaturizer`, computing only the sentence features.
- `meaning_featurizer.py`: a `DenseFeaturizer` adding pretrained word and sentence vectors.
- `intent_classifier.py`: `LogisticRegressionClassifier`, reading only sentence features and applying `C`.
- `profile_listener.py`: an NLU graph component adding the facts a visitor volunteers as entities.
- `conversation_api.py`: a client of Rasa's conversation HTTP API (the inbox's pause, resume, replies).
- `model_training.py`: `rasa train` (skipped when a fingerprint of its inputs matches the newest model) and
  swapping the model of a running server.
"""
