"""Handlers of the subcommands: each calls the library and prints the result."""
from __future__ import annotations

import argparse
import json

from .cli import command


@command("check", "validate a case file and check reporting readiness")
def check(args: argparse.Namespace) -> int:
    from .case import load_case
    from .readiness import check_readiness
    from .report_check import print_readiness

    case = load_case(args.case)
    photo_check = None
    if not args.no_faces:
        from .photo_readiness import photo_findings as photo_check
    result = check_readiness(case, photo_check=photo_check)
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
    else:
        print_readiness(case, result)
    return 0 if result.ready else 1


@command("schema", "print the JSON Schema of the case file")
def schema(args: argparse.Namespace) -> int:
    from .case.schema import CaseFile

    doc = CaseFile.model_json_schema(by_alias=True)
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["$id"] = "posters/case-v1"
    print(json.dumps(doc, indent=2))
    return 0


@command("render", "render watermarked preview posters")
def render(args: argparse.Namespace) -> int:
    from .previews import render_previews

    paths = render_previews(args.case, args.out, langs=[args.lang] if args.lang else None,
                            papers=[args.paper], template=args.template)
    for path in paths:
        print(path)
    return 0
