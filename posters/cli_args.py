"""Argument definitions for every subcommand (kept apart so --help imports nothing heavy)."""
from __future__ import annotations

import argparse


def _case(p: argparse.ArgumentParser) -> None:
    p.add_argument("case", metavar="CASE", help="the case file (case.yaml) or its folder")


def add_all(sub: argparse._SubParsersAction) -> None:
    """Add every subcommand's arguments to the parser."""
    p = sub.add_parser("check", help="validate a case file and check reporting readiness",
                       description="Validate a case file and check it is ready to report: exit 0 ready, 1 not ready, 2 invalid.")
    _case(p)
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--no-faces", action="store_true", help="skip the face and photo-fitness checks")

    p = sub.add_parser("schema", help="print the JSON Schema of the case file",
                       description="Print the JSON Schema of case file v1, for editors that check YAML as you type.")

    p = sub.add_parser("redact", help="show the redaction diff: what is published, what is withheld and why",
                       description="Show what the public release keeps and withholds, with the rule and reason for each decision.")
    _case(p)
    p.add_argument("--json", action="store_true", help="print the diff as JSON")
    p.add_argument("--html", metavar="FILE", help="also write the diff as a self-contained HTML page")
    p.add_argument("--policy", metavar="FILE", action="append", default=[],
                   help="an agency overlay policy that tightens the default (repeatable)")

    p = sub.add_parser("render", help="render watermarked preview posters (PDF and PNG)",
                       description="Render preview posters for the case manager and the reviewer. Every page carries "
                                   "a DRAFT watermark with the short release hash; clean posters come only from 'posters publish'.")
    _case(p)
    p.add_argument("--out", required=True, metavar="DIR", help="the folder to write into")
    p.add_argument("--lang", choices=["en", "es"], help="poster language (default: the case's language)")
    p.add_argument("--paper", choices=["letter", "a4"], default="letter", help="paper size (default: letter)")
    p.add_argument("--template", metavar="NAME", help="standard, long-term or siblings (default: chosen from the case)")
