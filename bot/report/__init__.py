"""The voice-of-the-customer report: what visitors want, in their own words, and how far they got."""
