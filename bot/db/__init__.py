"""The project's SQL store: engine, models, migrations and the repository that owns queries."""
