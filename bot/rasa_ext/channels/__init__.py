"""Chat channels: Rasa input channels hardened for the public internet."""
