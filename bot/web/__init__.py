"""The project's web app: the public pages and, later, the reps' inbox."""
