"""`python -m bot.rasa_ext.rasa_command ARGS`: Rasa's own command line (`rasa ARGS`), started with the import
order of `import_order.py` (training and `rasa test` load the intent classifier's model too)."""

import sys

from bot.rasa_ext import import_order


def main() -> None:
    import_order.prepare()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
