"""`python -m bot train`: train the model if the content or code changed since the last one, else reuse it."""

import argparse
import time

from bot.rasa_ext.model_training import train


def _train(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    model = train(force=args.force)
    print(f"model: {model.name} ({time.perf_counter() - started:.1f} s)")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser("train", help="train the model (only when content or code changed)")
    command.add_argument("--force", action="store_true", help="retrain everything, even if nothing changed")
    command.set_defaults(run=_train)
