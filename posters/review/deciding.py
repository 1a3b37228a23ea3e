"""Making a reviewer's decision: what may be restored or withheld, checked against the current redaction.

Every function here takes data (a loaded case, the decision log, the reviewer) and
returns a new log plus the decision; nothing is read or written. The CLI (and the
web app) then persist it with ``commit`` (or their own store) and the audit log.
Refusals are ReviewError with a message that says what to do instead.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import TYPE_CHECKING, Any, Sequence

from pydantic import ValidationError

from ..errors import ReviewError, first_problem
from .decisions import (Box, DecisionLog, FaceCover, PhotoText, Restore, Reviewer, Undone, Withhold,
                        reviewer_of, utc)

if TYPE_CHECKING:
    from redaction import Overrides, Policy, Release

    from ..case import Case

_SENTENCE_SUFFIX = re.compile(r"^(?P<path>.+)#(?P<n>\d+)$")
RESTORE_RULE = "REVIEW-RESTORE"
WITHHOLD_RULE = "REVIEW-WITHHOLD"
# Reasons the brief (and NCMEC) treats as the most sensitive: a restore of these names the
# citation back to the reviewer, and still needs the written reason every decision needs.
SENSITIVE_REASONS = ("CONF-CARE", "CONF-TRAFFICKING", "CONF-MEDICAL")


def overrides_of(log: DecisionLog) -> "Overrides":
    """The active field decisions as the redaction layer's plain overrides; never raises."""
    from redaction import Override, Overrides

    items = []
    for d in log.active():
        if d.kind == "restore":
            items.append(Override(d.id, "restore", d.path, sentence=d.text if d.sentence else None,
                                  note=d.who_when_why()))
        elif d.kind == "withhold":
            items.append(Override(d.id, "withhold", d.path, sentence=d.text if d.sentence else None,
                                  span=d.span, note=d.who_when_why()))
    return Overrides(tuple(items))


def current_release(case: "Case", log: DecisionLog, policy: "Policy | None" = None) -> "Release":
    """The redaction of the case with the log's decisions applied (no photos); raises RedactionError."""
    import redaction

    from ..public import default_policy

    return redaction.redact(case.plain_data(), policy or default_policy(), overrides_of(log))


def restore(case: "Case", log: DecisionLog, path: str, *, reason: str, reviewer: "str | Reviewer",
            sentence: int | None = None, now: dt.datetime | None = None,
            policy: "Policy | None" = None) -> tuple[DecisionLog, Restore]:
    """Restore a field or sentence the text scan withheld; raises ReviewError saying why not."""
    who, why, at = _who_why_when(reviewer, reason, now)
    path, sentence = _split_sentence(path, sentence)
    pol = policy or _default_policy()
    if path == pol.circumstances_internal:
        raise ReviewError(
            f"{path} is the internal narrative and is never published, not even by a reviewer "
            f"(CONF-INTERNAL); write what the public may read in {pol.circumstances_public}")
    release = current_release(case, log, pol)
    d = _target(release, path, sentence, "restore")
    if d.review is not None:
        raise _decided_already(d, path if sentence is None else f"{path}#{sentence}")
    if d.action == "kept":
        raise ReviewError(f"{d.path} is published already; there is nothing to restore")
    if d.matched is None:
        raise ReviewError(
            f"{d.path} is withheld by the policy itself (rule {d.rule_id}, {d.reason}), not by the text scan; "
            "a reviewer restores only what the scan withheld. A field the policy withholds is never public.")
    decision = Restore(id=log.next_id(), by=who, at=at, reason=why, path=path, sentence=sentence,
                       text=d.text if sentence is not None else None, withheld_as=d.reason)
    return log.adding(decision), decision


def withhold(case: "Case", log: DecisionLog, path: str, *, reason: str, reviewer: "str | Reviewer",
             sentence: int | None = None, span: str | None = None, now: dt.datetime | None = None,
             policy: "Policy | None" = None) -> tuple[DecisionLog, Withhold]:
    """Withhold a further field, sentence or span the machine would publish; raises ReviewError saying why not."""
    who, why, at = _who_why_when(reviewer, reason, now)
    path, sentence = _split_sentence(path, sentence)
    if span is not None and sentence is not None:
        raise ReviewError("withhold a sentence (--sentence N) or a span (--span TEXT), not both")
    if span is not None and not span.strip():
        raise ReviewError("the span is empty; give the exact text to withhold (--span TEXT)")
    release = current_release(case, log, policy)
    if span is not None:
        from redaction.overrides import contains_text

        published = [d for d in release.decisions if _under(d.path, path) and d.action == "kept"]
        if not published:
            raise _unknown_or_withheld(release, path)
        if not any(contains_text(d.text, span) for d in published):
            raise ReviewError(f"the span “{span.strip()}” is not in the published text of {path}; "
                              "copy it exactly from the diff (posters redact CASE)")
        decision = Withhold(id=log.next_id(), by=who, at=at, reason=why, path=path, span=span.strip())
        return log.adding(decision), decision
    if sentence is not None:
        d = _target(release, path, sentence, "withhold")
        if d.action != "kept":
            raise ReviewError(f"{d.path} is withheld already" + (f" (by decision {d.review})" if d.review else ""))
        if d.review is not None:
            raise _decided_already(d, d.path)
        decision = Withhold(id=log.next_id(), by=who, at=at, reason=why, path=path, sentence=sentence, text=d.text)
        return log.adding(decision), decision
    under = [d for d in release.decisions if _under(d.path, path)]
    if not under:
        raise _unknown(release, path)
    if not any(d.action == "kept" for d in under):
        raise ReviewError(f"{path} is withheld already; there is nothing more to withhold")
    decision = Withhold(id=log.next_id(), by=who, at=at, reason=why, path=path)
    return log.adding(decision), decision


def undo(log: DecisionLog, decision_id: str, *, reviewer: "str | Reviewer", reason: str | None = None,
         now: dt.datetime | None = None) -> tuple[DecisionLog, Any]:
    """Take a decision back (it stays in the record, marked undone); raises ReviewError for an unknown id."""
    who = _reviewer(reviewer)
    d = log.get(decision_id)
    if d is None:
        known = ", ".join(x.id for x in log.active()) or "none"
        raise ReviewError(f"there is no decision {decision_id.strip()!r} in this case; decisions in force: {known}")
    if not d.active:
        raise ReviewError(f"decision {d.id} was undone already, by {d.undone.by.label()} at {d.undone.at.isoformat()}")
    undone = Undone(by=who, at=utc(now or dt.datetime.now(dt.timezone.utc)),
                    reason=" ".join(reason.split()) if reason and reason.strip() else None)
    new = log.undoing(d.id, undone)
    return new, new.get(d.id)


def photo_text(case: "Case", log: DecisionLog, photo: str, region: str, box: tuple[int, int, int, int],
               action: str, *, reason: str, reviewer: "str | Reviewer",
               now: dt.datetime | None = None) -> tuple[DecisionLog, PhotoText]:
    """Keep or cover a text region found in a photo; raises ReviewError for an unknown photo or a bad box."""
    who, why, at = _who_why_when(reviewer, reason, now)
    _photo_exists(case, photo)
    try:
        decision = PhotoText(id=log.next_id(), by=who, at=at, reason=why, photo=photo, region=region,
                             box=_box(box), action=action)
    except ValidationError as exc:
        raise ReviewError(f"photo text decision on {photo}: {first_problem(exc)}") from None
    return log.adding(decision), decision


def face_cover(case: "Case", log: DecisionLog, photo: str, box: tuple[int, int, int, int], *,
               reason: str, reviewer: "str | Reviewer",
               now: dt.datetime | None = None) -> tuple[DecisionLog, FaceCover]:
    """Cover a box the reviewer drew on a photo; raises ReviewError for an unknown photo or a bad box."""
    who, why, at = _who_why_when(reviewer, reason, now)
    _photo_exists(case, photo)
    decision = FaceCover(id=log.next_id(), by=who, at=at, reason=why, photo=photo, box=_box(box))
    return log.adding(decision), decision


def sensitive_citation(decision: Any, policy: "Policy | None" = None) -> str | None:
    """For a restore of care, trafficking or medical text: the policy's citation, to show the reviewer; never raises."""
    reason = getattr(decision, "withheld_as", None)
    if decision.kind != "restore" or reason not in SENSITIVE_REASONS:
        return None
    pol = policy or _default_policy()
    return f"{reason}: {pol.reasons.get(reason, '')}".rstrip(": ")


# -- helpers -------------------------------------------------------------------------------

def _default_policy() -> "Policy":
    from ..public import default_policy

    return default_policy()


def _reviewer(reviewer: "str | Reviewer") -> Reviewer:
    try:
        return reviewer_of(reviewer)
    except ValidationError:
        raise ReviewError("give the reviewer's name (--reviewer NAME): every decision says who made it") from None


def _who_why_when(reviewer: "str | Reviewer", reason: str | None,
                  now: dt.datetime | None) -> tuple[Reviewer, str, dt.datetime]:
    who = _reviewer(reviewer)
    why = " ".join((reason or "").split())
    if not why:
        raise ReviewError("give the reason for the decision (--reason TEXT): every decision says why, "
                          "and the approver reads it")
    return who, why, utc(now or dt.datetime.now(dt.timezone.utc))


def _split_sentence(path: str, sentence: int | None) -> tuple[str, int | None]:
    path = path.strip()
    m = _SENTENCE_SUFFIX.match(path)
    if m:
        n = int(m.group("n"))
        if sentence is not None and sentence != n:
            raise ReviewError(f"{path} names sentence {n} but --sentence says {sentence}; give one of them")
        path, sentence = m.group("path"), n
    if sentence is not None and sentence < 1:
        raise ReviewError("sentences are numbered from 1, as the diff shows them (path#1, path#2, ...)")
    return path, sentence


def _under(decision_path: str, path: str) -> bool:
    return (decision_path == path or decision_path.startswith((path + ".", path + "[", path + "#")))


def _target(release: "Release", path: str, sentence: int | None, verb: str) -> Any:
    """The one redaction decision a restore or sentence withhold acts on; raises ReviewError."""
    whole = [d for d in release.decisions if d.path == path]
    sentences = [d for d in release.decisions if d.path.startswith(path + "#")]
    if sentence is None:
        if whole:
            return whole[0]
        if sentences:
            withheld = [d.path.rpartition("#")[2] for d in sentences if d.action != "kept"]
            which = f" (withheld: {', '.join(withheld)})" if withheld and verb == "restore" else ""
            raise ReviewError(f"{path} is checked sentence by sentence; name the sentence: "
                              f"--sentence N, as the diff shows {path}#N{which}")
        raise _unknown(release, path)
    if not sentences:
        if whole:
            raise ReviewError(f"{path} is one value, not sentences; {verb} it whole (without --sentence)")
        raise _unknown(release, path)
    d = next((d for d in sentences if d.path == f"{path}#{sentence}"), None)
    if d is None:
        raise ReviewError(f"{path} has {len(sentences)} sentence{'s' * (len(sentences) != 1)}; "
                          f"--sentence takes 1 to {len(sentences)}")
    return d


def _decided_already(d: Any, where: str) -> ReviewError:
    verb = "restored" if d.rule_id == RESTORE_RULE else "withheld"
    return ReviewError(f"{where} is {verb} by decision {d.review} already; to change it, undo that one "
                       f"(posters review CASE --undo {d.review} --reviewer NAME)")


def _field_paths(release: "Release") -> list[str]:
    paths = dict.fromkeys(_SENTENCE_SUFFIX.sub(r"\g<path>", d.path) for d in release.decisions)
    return list(paths)


def _unknown(release: "Release", path: str) -> ReviewError:
    paths = _field_paths(release)
    # Fields beside the one asked for are compared by their last part: "children[0]." is shared
    # by all of a child's fields and would make every one of them look close.
    parent, _, leaf = path.rpartition(".")
    siblings = {p.rpartition(".")[2]: p for p in paths if p.rpartition(".")[0] == parent}
    near = [siblings[x] for x in difflib.get_close_matches(leaf, list(siblings), n=4, cutoff=0.6)]
    near = near or difflib.get_close_matches(path, paths, n=4, cutoff=0.75)
    if not near:
        # The paths that share the first part ("children[0]", "missing") are the likeliest meant.
        head = re.split(r"[.\[]", path, maxsplit=1)[0]
        near = [p for p in paths if p.startswith(head)][:8]
    hint = f"; did you mean {', '.join(near)}?" if near else "; `posters review CASE` lists every field"
    return ReviewError(f"this case has no field {path}{hint}")


def _unknown_or_withheld(release: "Release", path: str) -> ReviewError:
    if any(_under(d.path, path) for d in release.decisions):
        return ReviewError(f"{path} is withheld already; there is nothing more to withhold")
    return _unknown(release, path)


def _photo_exists(case: "Case", photo: str) -> None:
    """A child's or a companion's photo of this case; raises ReviewError naming the photos there are."""
    m = re.fullmatch(r"(children|companions)\[(\d+)\]\.photos\[(\d+)\]", photo.strip())
    owners: dict[str, Sequence[Any]] = {"children": case.model.children, "companions": case.model.companions}
    if m:
        people = owners[m.group(1)]
        if int(m.group(2)) < len(people) and int(m.group(3)) < len(people[int(m.group(2))].photos):
            return
    known = [f"{kind}[{i}].photos[{j}]" for kind, people in owners.items()
             for i, c in enumerate(people) for j in range(len(c.photos))]
    raise ReviewError(f"this case has no photo {photo.strip()!r}; its photos are {', '.join(known) or 'none'}")


def _box(box: Any) -> Box:
    try:
        if isinstance(box, Box):
            return box
        left, top, right, bottom = (int(v) for v in box)
        return Box(left=left, top=top, right=right, bottom=bottom)
    except (TypeError, ValueError, ValidationError) as exc:
        detail = first_problem(exc) if isinstance(exc, ValidationError) else "expected four whole numbers"
        raise ReviewError(f"the box must be left,top,right,bottom in pixels ({detail})") from None
