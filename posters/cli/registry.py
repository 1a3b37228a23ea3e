"""The table of subcommands: handlers register here, the parser and help read it."""
from __future__ import annotations

import argparse
from typing import Callable

Handler = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[Handler, str]] = {}


def command(name: str, help_text: str) -> Callable[[Handler], Handler]:
    """Register a subcommand handler (posters.cli.commands defines them)."""
    def register(fn: Handler) -> Handler:
        COMMANDS[name] = (fn, help_text)
        return fn
    return register
