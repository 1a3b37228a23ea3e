"""What changed between two public releases: field paths like ``children[0].clothing``."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ReleaseDiff:
    """The public fields and photos that differ between an approved snapshot and the current release."""

    fields: tuple[str, ...]
    photos: tuple[str, ...]
    policy_changed: bool
    decisions: tuple[str, ...] = ()  # reviewer decisions added or undone, one line each

    @property
    def empty(self) -> bool:
        return not (self.fields or self.photos or self.policy_changed or self.decisions)

    def lines(self) -> list[str]:
        """The differences as lines a reviewer reads; never raises."""
        out = [f"public field changed: {p}" for p in self.fields]
        out += [f"photo changed: {p}" for p in self.photos]
        out += list(self.decisions)
        if self.policy_changed:
            out.append("the redaction policy version changed")
        if not out:
            out.append("no public field or photo differs (the release hash inputs changed in another way)")
        return out


def changed_paths(old: Any, new: Any, prefix: str = "") -> list[str]:
    """Paths whose values differ between two JSON-like values, in document order; never raises."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for key in list(old) + [k for k in new if k not in old]:
            path = f"{prefix}.{key}" if prefix else str(key)
            if key not in old or key not in new:
                out.append(path)
            else:
                out += changed_paths(old[key], new[key], path)
        return out
    if isinstance(old, list) and isinstance(new, list):
        out = []
        for i in range(max(len(old), len(new))):
            path = f"{prefix}[{i}]"
            if i >= len(old) or i >= len(new):
                out.append(path)
            else:
                out += changed_paths(old[i], new[i], path)
        return out
    return [] if old == new else [prefix or "(the whole release)"]


def photo_records(photos: Any) -> list[dict[str, Any]]:
    """The parts of each public photo the release hash covers, as JSON data; never raises."""
    return [{"child": p.child_index, "photo": p.photo_index, **({"companion": True} if p.companion else {}),
             "role": p.role, "pixels": p.pixel_sha256,
             "face": list(p.face.as_ltrb()), "covered": [list(b.as_ltrb()) for b in p.covered],
             "findings": [[f.kind, f.label, list(f.box.as_ltrb()), f.finding_id] for f in getattr(p, "findings", ())]}
            for p in photos]


def diff_snapshot(snapshot: dict[str, Any], public: dict[str, Any], photos: list[dict[str, Any]],
                  policy_version: str, decisions: list[dict[str, Any]] | None = None) -> ReleaseDiff:
    """Compare an approval snapshot with the current public data and photo records; never raises."""
    # A companion's photo 0 and a child's photo 0 are two photos.
    old_photos = {(bool(p.get("companion")), p.get("child"), p.get("photo")): p for p in snapshot.get("photos") or []}
    new_photos = {(bool(p.get("companion")), p["child"], p["photo"]): p for p in photos}
    changed = []
    for key in sorted(set(old_photos) | set(new_photos), key=str):
        where = f"{'companions' if key[0] else 'children'}[{key[1]}].photos[{key[2]}]"
        old, new = old_photos.get(key), new_photos.get(key)
        if old is None or new is None:
            changed.append(f"{where} {'added' if old is None else 'removed'}")
        elif old.get("pixels") != new["pixels"]:
            changed.append(f"{where} pixels")
        elif old != new:
            changed.append(f"{where} face box, covers or text decisions")
    return ReleaseDiff(fields=tuple(changed_paths(snapshot.get("public") or {}, public)),
                       photos=tuple(changed),
                       policy_changed=str(snapshot.get("policy_version")) != str(policy_version),
                       decisions=tuple(decision_changes(snapshot.get("decisions") or [], decisions or [])))


def decision_changes(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    """Reviewer decisions in force now but not at the approval, and the reverse; never raises."""
    before = {d.get("id"): d for d in old if isinstance(d, dict)}
    after = {d.get("id"): d for d in new if isinstance(d, dict)}
    out = [f"review decision added: {decision_line(d)}" for k, d in after.items() if k not in before]
    out += [f"review decision undone: {decision_line(d)}" for k, d in before.items() if k not in after]
    out += [f"review decision changed: {decision_line(d)}" for k, d in after.items()
            if k in before and before[k] != d]
    return out


def decision_line(d: dict[str, Any]) -> str:
    """'R2 restore children[0].clothing, by T. Okonkwo at <time>: <reason>' from a decision's JSON; never raises."""
    target = d.get("path") or d.get("photo") or ""
    if d.get("sentence"):
        target += f"#{d['sentence']}"
    if d.get("span"):
        target += f" (span “{d['span']}”)"
    if d.get("region"):
        target += f" text {d['region']} ({d.get('action')})"
    by = d.get("by") or {}
    who = by.get("name", "?") if isinstance(by, dict) else str(by)
    return f"{d.get('id')} {d.get('kind')} {target}, by {who} at {d.get('at')}: {d.get('reason')}"
