"""The action server: thin Rasa adapters, one module per conversation concern."""
