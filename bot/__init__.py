"""The lead-nurturing assistant's own package: storage, settings, runtime, web app and CLI."""
