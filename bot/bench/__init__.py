"""Benchmarks whose results are written to docs/BENCHMARKS.md (`make bench`)."""
