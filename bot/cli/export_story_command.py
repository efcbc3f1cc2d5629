"""`python -m bot export-story SENDER`: a real conversation as a Rasa test story (from Rasa's API)."""

import argparse
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bot.settings import load_settings, require_secret


def fetch_story(rasa_url: str, token: str, sender: str) -> str:
    quoted = urllib.parse.quote(sender, safe="")
    url = f"{rasa_url}/conversations/{quoted}/story?all_sessions=true&token={urllib.parse.quote(token)}"
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def _export(args: argparse.Namespace) -> int:
    settings = load_settings()
    try:
        story = fetch_story(settings.rasa_url, require_secret(settings.rasa_token, "RASA_TOKEN"), args.sender)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            print(f"error: no conversation stored for sender id {args.sender!r}", file=sys.stderr)
            return 1
        print(f"error: Rasa answered {error.code}: {error.read()[:300].decode(errors='replace')}", file=sys.stderr)
        return 2
    except (urllib.error.URLError, OSError) as error:
        print(f"error: could not reach Rasa at {settings.rasa_url} ({error}); is `make run` running?",
              file=sys.stderr)
        return 2
    if "steps:" not in story:
        print(f"error: no conversation stored for sender id {args.sender!r}", file=sys.stderr)
        return 1
    if args.out:
        Path(args.out).write_text(story, encoding="utf-8")
        print(f"wrote {args.out}: check the steps, then move it to tests/stories/ to keep it working")
    else:
        print(story, end="")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser("export-story", help="write a real conversation as a Rasa test story")
    export.add_argument("sender", help="the visitor's sender id (see `leads list`)")
    export.add_argument("--out", help="file to write (default: print it)")
    export.set_defaults(run=_export)
