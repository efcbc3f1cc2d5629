"""The environment the supervisor gives the product's processes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.runtime.supervisor import Service, service_environment

COUNT_BLAS_THREADS = ("import json, threadpoolctl; "
                      "print(json.dumps([p['num_threads'] for p in threadpoolctl.threadpool_info()]))")


def _service(**env: str) -> Service:
    return Service("probe", [sys.executable, "-c", "pass"], "tcp://127.0.0.1:1", env=env)


def test_numerical_code_runs_on_one_thread_in_a_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    env = service_environment(_service())
    shown = subprocess.run([sys.executable, "-c", "import numpy; " + COUNT_BLAS_THREADS], env=env,
                           capture_output=True, text=True, check=True, timeout=60).stdout
    assert json.loads(shown) == [1]


def test_an_operators_thread_setting_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")
    assert service_environment(_service())["OPENBLAS_NUM_THREADS"] == "2"
    monkeypatch.delenv("OPENBLAS_NUM_THREADS")
    assert service_environment(_service(OPENBLAS_NUM_THREADS="3"))["OPENBLAS_NUM_THREADS"] == "3"
