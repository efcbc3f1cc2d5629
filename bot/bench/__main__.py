"""`python -m bot.bench`: run the benchmarks and rewrite their sections of docs/BENCHMARKS.md."""

from bot.bench.runtime_bench import run_runtime_benchmark

print(run_runtime_benchmark())
