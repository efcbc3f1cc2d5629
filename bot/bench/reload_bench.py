"""How long from editing a response to the running bot saying it (train what changed + model swap)."""

from __future__ import annotations

import os
import tempfile
import time
from datetime import date
from pathlib import Path

from bot.bench.report_file import replace_section
from bot.db.migrate import upgrade_database
from bot.paths import PROJECT_ROOT
from bot.rasa_ext.model_training import replace_model, train
from bot.runtime.stack_process import start_stack

ORIGINAL = "Thanks for stopping by, and good luck with it. Bye for now!"


def run_reload_benchmark() -> str:
    """Edit utter_goodbye in a copy of domain.yml, retrain (cached), swap the model, wait for the new text."""
    model = train()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        database_url = f"sqlite:///{tmp_dir / 'bench.db'}"
        upgrade_database(database_url)
        with start_stack(model, database_url, tmp_dir) as stack:
            edited_text = f"Bye! (edited {time.time():.0f})"
            domain = tmp_dir / "domain.yml"
            started = time.perf_counter()
            domain.write_text((PROJECT_ROOT / "domain.yml").read_text().replace(ORIGINAL, edited_text))
            new_model = train(tmp_dir / "models", domain=domain)
            trained = time.perf_counter()
            replace_model(stack.rasa_url, stack.rasa_token, new_model)
            while stack.say("bench-reload", "bye")[0]["text"] != edited_text:
                time.sleep(0.2)
            live = time.perf_counter()
    body = "\n".join([
        "## From an edited response to the live bot (`make bench-reload`)",
        "",
        f"Measured {date.today().isoformat()} on {os.cpu_count()} cores: change the wording of `utter_goodbye`, "
        "`rasa train` (Rasa's cache retrains only what changed), then `PUT /model` on the running server "
        "(what `make reload` does), until the bot says the new text.",
        "",
        f"- Train what changed: **{trained - started:.1f} s**",
        f"- Swap the model and answer with the new wording: **{live - trained:.1f} s**",
        f"- Edit to live: **{live - started:.1f} s**, without restarting any process",
    ])
    replace_section("reload", body)
    return body
