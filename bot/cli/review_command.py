"""`python -m bot review`: messages the assistant was unsure about (candidates for training examples)."""

import argparse
from dataclasses import asdict

from bot.cli.output import print_json, print_table
from bot.report.review_suggestions import review_suggester
from bot.report.unsure_messages import DEFAULT_THRESHOLD, unsure_messages
from bot.settings import load_settings


def _review(args: argparse.Namespace) -> int:
    messages = unsure_messages(load_settings().database_url, args.threshold, args.limit)
    suggestions = review_suggester().suggest_all([m.text for m in messages])
    if args.json:
        print_json([asdict(m) | {"at": m.at.isoformat(), "suggestion": asdict(s)}
                    for m, s in zip(messages, suggestions, strict=True)])
        return 0
    print_table(["when", "guess", "confidence", "fallback", "message", "closest intent", "closest answer"],
                [[m.at.strftime("%Y-%m-%d %H:%M"), m.predicted_intent, f"{m.confidence:.2f}",
                  "yes" if m.fell_back else "", m.text[:80], s.intent, s.answer_id or ""]
                 for m, s in zip(messages, suggestions, strict=True)])
    if messages:
        print("\nAdd good ones under their closest intent in data/nlu/ (or to the closest answer's questions in "
              "data/answers/), then `make check` and `make train`.")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    review = commands.add_parser("review", help="visitor messages the assistant was unsure about")
    review.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                        help=f"list messages below this confidence (default {DEFAULT_THRESHOLD})")
    review.add_argument("--limit", type=int, default=50, help="at most this many (default 50)")
    review.add_argument("--json", action="store_true", help="print JSON")
    review.set_defaults(run=_review)
