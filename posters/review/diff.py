"""The redaction diff for reviewers: what is published, what is withheld, where, and under which rule.

Shown in the terminal, as JSON, and as a self-contained HTML page. This is for
reviewers only: it holds the withheld values and the reason codes, which are
themselves confidential, so it is never part of a public artifact.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from posters.public import PublicRelease


@dataclass(frozen=True)
class Row:
    """One line of the diff."""

    path: str
    action: str  # kept | withheld | sentence_dropped | photo
    published: str
    withheld: str
    rule: str
    reason: str
    matched: str
    citation: str
    review: str = ""  # the id of the reviewer's decision behind this row, if any


def diff_rows(public: PublicRelease) -> list[Row]:
    """Every decision of the release, plus what was done to each public photo."""
    rows = []
    for d in public.release.decisions:
        text = "" if d.text is None else str(d.text)
        kept = d.action == "kept"
        rows.append(Row(d.path, d.action, text if kept else "", "" if kept else text,
                        d.rule_id, d.reason, d.matched or "", d.citation, d.review or ""))
    for p in public.photos:
        faces = sum(1 for f in p.findings if f.kind == "face" and f.covered) if p.findings else len(p.covered)
        note = f"{faces} other face{'s' * (faces != 1)} covered" if faces else "no other face"
        texts = [f for f in p.findings if f.kind == "text"]
        if texts:
            covered_text = sum(1 for f in texts if f.covered)
            note += (f"; {len(texts)} line{'s' * (len(texts) != 1)} of text read: {covered_text} covered, "
                     f"{len(p.undecided)} to decide")
        rows.append(Row(p.path, "photo",
                        f"{p.role} photo, {p.size[0]}x{p.size[1]}, metadata removed; {note}", "",
                        "PHOTO", "PUBLIC", "", "Photos are re-encoded from pixels; faces other than the child's are covered."))
    return rows


def diff_json(public: PublicRelease) -> dict[str, Any]:
    """The diff as JSON-ready data."""
    review = public.release.to_review_dict()
    review["release_hash"] = public.release_hash
    review["photos"] = [{"path": p.path, "companion": p.companion,
                         "child": p.child_index, "photo": p.photo_index, "role": p.role, "size": list(p.size),
                         "face": list(p.face.as_ltrb()), "covered": [list(b.as_ltrb()) for b in p.covered],
                         "findings": [f.to_json() for f in p.findings], "undecided": len(p.undecided)}
                        for p in public.photos]
    review["review_decisions"] = [s.to_dict() for s in decision_states(public)]
    review["emptied"] = [e.to_dict() for e in emptied(public)]
    return review


def decision_states(public: PublicRelease) -> list[Any]:
    """Every reviewer decision of the case (undone ones too) and what it does in this release; never raises."""
    from .summary import decision_states as states

    return states(public.review, public.release) if public.review is not None else []


def emptied(public: PublicRelease) -> list[Any]:
    """The headline fields this release empties, and what the poster shows instead; never raises."""
    from .emptied import emptied_fields

    return emptied_fields(public.release)


def print_diff(public: PublicRelease, console: Any = None) -> None:
    """Kept on the left, withheld on the right, the reason beside each."""
    import shutil
    import sys

    from rich.console import Console
    from rich.table import Table

    if console is None:
        # Piped output is read in a pager or a file: give the table room rather than 80 columns.
        width = shutil.get_terminal_size((160, 40)).columns if sys.stdout.isatty() else 160
        console = Console(highlight=False, width=max(width, 100))
    table = Table(title=f"Redaction diff · release {public.short_hash} · policy {public.release.policy_version}",
                  show_lines=False, expand=True)
    table.add_column("field", style="bold", ratio=2, overflow="fold")
    table.add_column("published", style="green", ratio=3, overflow="fold")
    table.add_column("withheld", style="red", ratio=3, overflow="fold")
    table.add_column("reason", no_wrap=True)
    for row in diff_rows(public):
        withheld = row.withheld + (f"  [dim](matched “{row.matched}”)[/dim]" if row.matched else "")
        reason = "" if row.reason == "PUBLIC" and not row.review else row.reason
        if row.review:
            reason += f" · {row.review}"
        table.add_row(row.path, _escape(row.published), _escape(row.withheld) + withheld[len(row.withheld):], reason)
    console.print(table)
    counts = public.release.to_review_dict()["counts"]
    console.print(f"{counts['kept']} kept, {counts['withheld']} withheld, {counts['sentence_dropped']} sentences dropped, "
                  f"{len(public.photos)} photos. Reason codes and withheld values are for reviewers only.")
    states = decision_states(public)
    if states:
        from posters.cli.views.review import decision_line

        console.print("Reviewer decisions (who, when, why):")
        for st in states:
            console.print(_escape(f"  {decision_line(st.decision)}  [{st.state}]"))
    for e in emptied(public):
        console.print(_escape(f"Emptied: {e.path}: {e.message()}"))


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def diff_html(public: PublicRelease, case: Any = None) -> str:
    """A self-contained HTML page (no external resources) of the diff and of every photo as published,
    annotated (with `case`, text still to decide is shown so it can be judged); every value is escaped."""
    from posters.photos.annotate import review_photos
    from posters.render.engine import jinja_env

    from posters.cli.views.review import decision_line

    return jinja_env().get_template("review/diff.html").render(
        rows=diff_rows(public), release_hash=public.release_hash, policy=public.release.policy_version,
        counts=public.release.to_review_dict()["counts"],
        decisions=[(decision_line(s.decision), s.state) for s in decision_states(public)],
        emptied=[f"{e.path}: {e.message()}" for e in emptied(public)], photos=review_photos(public, case))
