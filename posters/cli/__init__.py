"""The `posters` command: a thin layer over the library.

Every command parses its arguments, calls one library function and prints the
result. Errors the user can fix arrive as PostersError (or redaction's
RedactionError) and become a message and an exit code here, in one place.
Heavy libraries (WeasyPrint, dlib) are imported inside the commands that need
them, so `posters --help` and `posters check` start fast.
"""
from __future__ import annotations

import argparse
import sys
from typing import Sequence

from posters import __version__
from posters.cli.registry import COMMANDS
from posters.errors import PostersError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    from posters.cli import args as cli_args

    parser = argparse.ArgumentParser(
        prog="posters",
        description="Missing-child posters and social images from a case file, with nothing confidential published.",
    )
    parser.add_argument("--version", action="version", version=f"posters {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    cli_args.add_all(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 refused or not ready, 2 invalid input)."""
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        if exc.code == 2:
            _hint_dash_names(argv)
        raise
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    from posters.cli import commands  # noqa: F401  (registers the handlers)
    from redaction.errors import RedactionError  # the error module alone: no PIL, no YAML

    handler, _ = COMMANDS[args.command]
    try:
        return handler(args)
    except PostersError as exc:
        _print_error(exc.lines())
        return exc.exit_code
    except RedactionError as exc:
        _print_error(exc.message.splitlines())
        return 2
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error of ours.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        _print_error(["interrupted; nothing was published"])
        return 130


def _hint_dash_names(argv: list[str]) -> None:
    """After a usage error: say how to name a file or folder that starts with '-' (it was read as an option)."""
    import os

    for arg in argv:
        if arg.startswith("-") and arg not in ("-", "--") and os.path.exists(arg):
            print(f"hint: {arg!r} is a file or folder here, but it was read as an option; "
                  f"write ./{arg} or put -- before it: posters COMMAND -- {arg}", file=sys.stderr)
            return


def _print_error(lines: list[str]) -> None:
    first, *rest = lines or ["unknown error"]
    print(f"error: {first}", file=sys.stderr)
    for line in rest:
        print(line, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
