"""The unmet-needs digest: what visitors wanted and the company could not serve, for the people who decide."""
