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
                       description="Print the JSON Schema of case file v1 (or of posters/data/rules.yaml, of a "
                                   "template's template.yaml, of a redaction policy, an agency overlay or a lexicon), "
                                   "for editors that check YAML as you type.")
    p.add_argument("of", nargs="?", choices=["case", "rules", "template", "policy", "overlay", "lexicon"], default="case",
                   help="which file: case (default), rules, template, policy, overlay or lexicon")

    p = sub.add_parser("redact", help="show the redaction diff: what is published, what is withheld and why",
                       description="Show what the public release keeps and withholds, with the rule and reason for each decision.")
    _case(p)
    p.add_argument("--json", action="store_true", help="print the diff as JSON")
    p.add_argument("--html", metavar="FILE", help="also write the diff as a self-contained HTML page")
    p.add_argument("--policy", metavar="FILE", action="append", default=[],
                   help="an agency overlay policy that tightens the default (repeatable)")
    p.add_argument("--record", action="store_true",
                   help="also record in the case's audit log that this diff was reviewed (viewing alone writes nothing)")

    p = sub.add_parser("review", help="list what redaction withheld and the reviewer's decisions; restore or withhold",
                       description="Without an action: list what the text scan withheld, the headline fields redaction "
                                   "emptied, and every reviewer decision (who, when, why). With --restore, --withhold "
                                   "--undo, --keep-text, --cover-text or --cover-face: record one decision (review.json beside the case, and the audit log). "
                                   "Any decision changes the release, so an approval must be given again.")
    _case(p)
    action = p.add_mutually_exclusive_group()
    action.add_argument("--restore", metavar="PATH", help="publish a field or sentence the text scan withheld "
                                                           "(PATH as the diff shows it, e.g. children[0].clothing#1)")
    action.add_argument("--withhold", metavar="PATH", help="withhold a further field, sentence (--sentence) or span (--span)")
    action.add_argument("--undo", metavar="ID", help="take back a decision (R1, R2, ...); it stays in the record")
    action.add_argument("--keep-text", metavar="FINDING", help="publish a line of text read in a photo as it is "
                                                               "(FINDING: its id in `posters redact --json`, text-...)")
    action.add_argument("--cover-text", metavar="FINDING", help="cover a line of text read in a photo")
    action.add_argument("--cover-face", metavar="PHOTO:LEFT,TOP,RIGHT,BOTTOM",
                        help="cover a box drawn on a photo, e.g. children[0].photos[1]:410,80,520,200, or a companion's: "
                             "companions[0].photos[0]:... (upright pixels)")
    p.add_argument("--sentence", type=int, metavar="N", help="the sentence number, as the diff shows PATH#N")
    p.add_argument("--span", metavar="TEXT", help="with --withhold: exact text within the field; every sentence holding it is withheld")
    p.add_argument("--reason", metavar="TEXT", help="why (required for --restore and --withhold; the approver reads it)")
    p.add_argument("--reviewer", metavar="NAME", help="who decides (required for every decision)")
    p.add_argument("--json", action="store_true", help="print the listing as JSON")

    p = sub.add_parser("demo", help="run the whole path (check, redact, approve, publish) on sample cases",
                       description="Copy the sample cases into OUT/cases and run check, redact, approve (as a sample "
                                   "reviewer) and publish on each; what make demo runs.")
    p.add_argument("samples", metavar="SAMPLES", help="the folder holding one folder per case")
    p.add_argument("--out", required=True, metavar="DIR", help="where to write everything")

    p = sub.add_parser("render", help="render watermarked preview posters (PDF and PNG)",
                       description="Render preview posters for the case manager and the reviewer. Every page carries "
                                   "a DRAFT watermark with the short release hash; clean posters come only from 'posters publish'.")
    _case(p)
    p.add_argument("--out", required=True, metavar="DIR", help="the folder to write into")
    p.add_argument("--lang", choices=["en", "es"], help="poster language (default: the case's language)")
    p.add_argument("--paper", choices=["letter", "a4", "tabloid"], default="letter",
                   help="paper size: letter, a4 or tabloid (11 x 17 in); default: letter")
    p.add_argument("--template", metavar="NAME", help="standard, long-term or siblings (default: chosen from the case)")

    # Release workflow (posters/release): approve, publish, audit, takedown.
    p = sub.add_parser("approve", help="approve the case's current release as a second person (four eyes)",
                       description="Record a reviewer's approval of exactly the current release (its hash). Refused when "
                                   "the reviewer prepared the case, consent is missing, the case is not active or "
                                   "'posters check' finds errors.")
    _case(p)
    p.add_argument("--reviewer", required=True, metavar="NAME", help="the reviewer's name (not the case's prepared_by)")
    p.add_argument("--note", metavar="TEXT", help="a note kept with the approval in the audit log")

    p = sub.add_parser("publish", help="publish the approved release: clean posters, social images, manifest.json",
                       description="The only way to public artifacts. Needs an approval of the current release; builds "
                                   "beside DIR, leak-scans every file, then moves them into DIR all at once.")
    _case(p)
    p.add_argument("--out", required=True, metavar="DIR", help="the public folder to publish into")
    p.add_argument("--paper", default="letter,a4", metavar="LIST", help="paper sizes, comma-separated: letter, a4, tabloid (default: letter,a4)")
    p.add_argument("--lang", default="en,es", metavar="LIST", help="languages, comma-separated (default: en,es)")

    p = sub.add_parser("audit", help="show the case's audit log (redact, approve, publish, takedown)",
                       description="Print the hash-chained audit log of the case folder. --verify checks the chain: "
                                   "exit 0 intact, 1 broken (naming the first broken entry).")
    _case(p)
    p.add_argument("--verify", action="store_true", help="check the hash chain and name the first broken entry")

    p = sub.add_parser("takedown", help="list every artifact ever published for a recovered or cancelled case",
                       description="For a case marked recovered or cancelled: list every published file (folder, name, "
                                   "preset, SHA-256) so each copy can be removed. --delete also deletes the local copies "
                                   "that are unchanged since publishing.")
    _case(p)
    p.add_argument("--delete", action="store_true", help="also delete the local public copies (only unchanged files)")

    p = sub.add_parser("batch", help="publish (or preview) every case under a folder, in parallel",
                       description="Publish every approved case under DIR (or previews of all with --previews), "
                                   "in parallel processes; a failing case does not stop the others. Exit 1 if any failed.")
    p.add_argument("root", metavar="DIR", help="the folder holding the case folders")
    p.add_argument("--out", required=True, metavar="DIR", help="where each case's files go (one folder per case)")
    p.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: the number of cores)")
    p.add_argument("--previews", action="store_true", help="watermarked previews of every case instead of publishing")

    p = sub.add_parser("social", help="render watermarked social-media previews (images, captions, alt text)",
                       description="Render a designed card for each social preset (Instagram, story, Facebook, X) with "
                                   "its caption and alt text. Every image carries a DRAFT watermark with the short "
                                   "release hash; clean images come only from 'posters publish'.")
    _case(p)
    p.add_argument("--out", required=True, metavar="DIR", help="the folder to write into")
    p.add_argument("--preset", action="append", metavar="NAME",
                   help="a preset to render (repeatable; default: all). Built in: instagram-square, "
                        "instagram-portrait, story, facebook-link, x-post")
    p.add_argument("--lang", choices=["en", "es"], help="language (default: the case's language)")
    p.add_argument("--presets-file", metavar="FILE", help="a YAML file of extra presets (same shape as the built-in one)")

    # The web application's commands (serve, worker, users) live with it.
    from posters.web.cli import add_arguments as add_web_arguments

    add_web_arguments(sub)
