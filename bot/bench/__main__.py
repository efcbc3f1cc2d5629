"""`python -m bot.bench [runtime|throughput|load|nlu|reload|conversation|fit|answers|soak]`: run benchmarks and
rewrite their sections of docs/BENCHMARKS.md."""

import sys
from collections.abc import Callable

from bot.bench.answers_bench import run_answers_benchmark
from bot.bench.conversation_bench import run_conversation_benchmark
from bot.bench.fit_bench import run_fit_benchmark
from bot.bench.load_bench import run_load_benchmark
from bot.bench.nlu_bench import run_nlu_benchmark
from bot.bench.reload_bench import run_reload_benchmark
from bot.bench.runtime_bench import run_runtime_benchmark
from bot.bench.soak_bench import run_soak_benchmark
from bot.bench.throughput_bench import run_throughput_benchmark

BENCHMARKS: dict[str, Callable[[], str]] = {
    "runtime": run_runtime_benchmark, "load": run_load_benchmark, "nlu": run_nlu_benchmark,
    "reload": run_reload_benchmark, "conversation": run_conversation_benchmark,
    "fit": run_fit_benchmark, "answers": run_answers_benchmark, "throughput": run_throughput_benchmark,
    "soak": run_soak_benchmark}

chosen = sys.argv[1:] or ["runtime"]
unknown = [name for name in chosen if name not in BENCHMARKS]
if unknown:
    sys.exit(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
for name in chosen:
    print(BENCHMARKS[name]())
