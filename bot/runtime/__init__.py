"""The processes `make run` starts: Rasa server, action server, web app, and their supervisor."""
