"""Handing warm conversations to sales reps: warmth, summaries, notifications, availability."""
