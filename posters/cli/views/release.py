"""Plain-text output of the release commands (the CLI prints these lines)."""
from __future__ import annotations

from pathlib import Path

from posters.release.approval import Approval
from posters.release.audit import AuditEntry, BrokenEntry
from posters.release.publishing import PublishResult
from posters.release.takedowns import TakedownResult

_STATE = {"present": "still published here", "deleted": "deleted", "gone": "no longer here",
          "changed": "differs from what was published (replaced or edited); not deleted"}


def approval_lines(a: Approval) -> list[str]:
    """What an approval covers; never raises."""
    lines = [f"approved release {a.short_hash} as {a.reviewer} at {a.approved_at}",
             f"release hash: {a.release_hash}", f"snapshot: {a.snapshot_path}"]
    return lines + ["publish it with: posters publish CASE --out DIR"]


def publish_lines(r: PublishResult) -> list[str]:
    """What was published and where; never raises."""
    lines = [f"published release {r.release_hash[:12]} (approved by {r.approval.reviewer}) into {r.out_dir}:"]
    for f in r.files:
        size = f" {f.pixels[0]}x{f.pixels[1]}" if f.pixels else ""
        lines.append(f"  {f.name}  {f.bytes} bytes{size}  sha256 {f.sha256[:16]}")
    lines.append(f"  {Path(r.manifest_path).name}  sha256 {r.manifest_sha256[:16]}")
    lines.append(f"{len(r.files) + 1} files; leak scan clean; recorded in the audit log ({r.seconds:g} s)")
    return lines


def audit_lines(entries: list[AuditEntry]) -> list[str]:
    """The history, one line per entry; never raises."""
    if not entries:
        return ["no audit entries yet"]
    out = []
    for e in entries:
        what = (e.release_hash or "")[:12]
        detail = _detail(e)
        out.append(f"{e.seq:>4}  {e.time}  {e.action:<8}  {e.actor:<20}  {what:<12}  {detail}".rstrip())
    return out


def verify_lines(broken: BrokenEntry | None, count: int, head: str | None) -> list[str]:
    """The outcome of --verify; never raises."""
    if broken is None:
        return [f"audit log intact: {count} entries; head sha256 {head or '-'}",
                "record the head hash outside the case folder (e.g. the case ticket) to anchor the log"]
    return [f"audit log broken: first broken entry at {broken}"]


def takedown_lines(r: TakedownResult) -> list[str]:
    """Every published artifact, grouped by folder, with what became of it; never raises."""
    lines = [f"warning: {w}" for w in r.warnings]
    if not r.files:
        return lines + [f"case is {r.status}; nothing was ever published"]
    lines.append(f"case is {r.status}; remove every copy of these {len(r.files)} published files:")
    folder = None
    for f in r.files:
        if f.out_dir != folder:
            folder = f.out_dir
            lines.append(f"{folder}:")
        tags = ", ".join(x for x in (f.kind, f.preset, f.lang, f.paper) if x)
        lines.append(f"  {f.name}  [{tags}]  published {f.published_at}  sha256 {f.sha256}  ({_STATE[f.state]})")
    return lines


def _detail(e: AuditEntry) -> str:
    d = e.details
    if e.action == "publish":
        return f"{len(d.get('files') or [])} files into {d.get('out_dir')}"
    if e.action == "approve":
        return f"note: {d['note']}" if d.get("note") else ""
    if e.action == "takedown":
        return f"{d.get('listed', 0)} listed, {len(d.get('deleted') or [])} deleted"
    if e.action == "redact":
        return f"{d.get('withheld', 0)} withheld"
    if e.action == "review":
        if d.get("undo"):
            return f"undo {d['undo']}"
        dec = d.get("decision") or {}
        target = (dec.get("path") or dec.get("photo") or "") + (f"#{dec['sentence']}" if dec.get("sentence") else "")
        return f"{dec.get('id', '')} {dec.get('kind', '')} {target}: {dec.get('reason', '')}".strip()
    return ""
