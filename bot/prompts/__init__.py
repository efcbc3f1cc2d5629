"""Proactive prompts: the widget may offer help on the visitor's terms (data/prompts.yml)."""
