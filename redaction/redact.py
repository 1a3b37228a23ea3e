"""redact(): walk the case, publish what the policy allows, record every decision."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any, Mapping

from .errors import RedactionError
from .overrides import (REVIEW_RESTORE_RULE, REVIEW_WITHHOLD_REASON, REVIEW_WITHHOLD_RULE, Override,
                        Overrides, contains_text, same_text)
from .policy import PUBLIC, UNLISTED_REASON, UNLISTED_RULE, FieldRule, Policy, load_policy
from .release import KEPT, SENTENCE_DROPPED, WITHHELD, Decision, Emptied, Release
from .scanner import Hit, Scanner, build_scanner
from .sentences import split_sentences

_ABSENT = object()
TEXT_TREATMENTS = ("free_text", "short_text")


def redact(case_data: Mapping[str, Any], policy: Policy | None = None,
           overrides: Overrides | None = None) -> Release:
    """Public release of a case, with a reviewer's overrides applied; raises RedactionError
    (or PolicyError, LexiconError) instead of guessing."""
    if not isinstance(case_data, Mapping):
        raise RedactionError("case data must be a mapping: pass the validated case as "
                             "model_dump(mode='json')")
    policy = policy if policy is not None else load_policy()
    walker = _Walker(policy, build_scanner(case_data, policy), overrides or Overrides())
    public = walker.mapping(case_data, "", "")
    unused = walker.unrestorable + tuple(o.id for o in walker.overrides.items if o.id not in walker.applied)
    return Release({} if public is _ABSENT else public, tuple(walker.decisions), policy.version,
                   tuple(walker.emptied), unused_overrides=tuple(dict.fromkeys(unused)))


def _absent(value: Any) -> bool:
    # None, "", [] and {} carry nothing to publish or withhold.
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, (list, tuple, Mapping)) and not value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class _Walker:
    def __init__(self, policy: Policy, scanner: Scanner, overrides: Overrides) -> None:
        self.policy = policy
        self.scanner = scanner
        # The internal narrative is never restored, whatever the caller passes: its public
        # counterpart is written for the public instead (policy.circumstances_public).
        self.overrides = Overrides(tuple(o for o in overrides.items if not (
            o.action == "restore" and o.path == policy.circumstances_internal)))
        self.unrestorable = tuple(o.id for o in overrides.items if o not in self.overrides.items)
        self.applied: set[str] = set()
        self.decisions: list[Decision] = []
        self.emptied: list[Emptied] = []
        # The policy file's model checked that the two share a parent (redaction/models.py).
        internal, public = policy.circumstances_internal, policy.circumstances_public
        self.circ_parent = internal.rpartition(".")[0]
        self.circ_keys = (internal.rpartition(".")[2], public.rpartition(".")[2])
        # Text written per language ({en: ..., es: ...}) is checked language by language.
        self.languages = frozenset(lex.language for lex in policy.lexicons)

    def walk(self, value: Any, path: str, pattern: str) -> Any:
        if _absent(value):
            return _ABSENT
        withhold = self.overrides.withholds_field(path)
        if withhold is not None:
            self.record_review(path, WITHHELD, withhold, None, value)
            self.note_emptied(path, pattern)
            return _ABSENT
        if isinstance(value, Mapping):
            if self.per_language(value, pattern):
                return self.languages_of(value, path, pattern)
            return self.mapping(value, path, pattern)
        if isinstance(value, (list, tuple)):
            out = [r for i, item in enumerate(value)
                   if (r := self.walk(item, f"{path}[{i}]", f"{pattern}[]")) is not _ABSENT]
            return out or _ABSENT
        return self.leaf(value, path, pattern)

    def mapping(self, data: Mapping[str, Any], path: str, pattern: str) -> Any:
        out: dict[str, Any] = {}
        circ_done = pattern != self.circ_parent
        for key, value in data.items():
            if not isinstance(key, str):
                raise RedactionError(f"{path or 'case'}: key {key!r} is not a string; "
                                     "pass model_dump(mode='json')")
            if key in self.circ_keys and not circ_done:
                circ_done = True
                slot, result = self.circumstances(data, path, pattern)
                if result is not _ABSENT:
                    out[slot] = result
                continue
            if key in self.circ_keys and pattern == self.circ_parent:
                continue
            result = self.walk(value, _join(path, key), _join(pattern, key))
            if result is not _ABSENT:
                out[key] = result
        return out or _ABSENT

    def circumstances(self, data: Mapping[str, Any], path: str, pattern: str) -> tuple[str, Any]:
        """(the key the result is published under, the result): public text keeps its own key."""
        internal_key, public_key = self.circ_keys
        internal, public = data.get(internal_key), data.get(public_key)
        if not _absent(internal):
            # The internal narrative is written for case management: never published, whole or
            # in part, whatever the net finds in it. One decision, the whole text.
            self.record(_join(path, internal_key), WITHHELD, self.policy.circumstances_rule,
                        self.policy.circumstances_reason, None, internal)
        if _absent(public):
            return public_key, _ABSENT  # the poster composes a sentence from public fields instead
        # The text written for the public is published under its own key, so a renderer never
        # has to read the internal slot to find it.
        return public_key, self.walk(public, _join(path, public_key), _join(pattern, public_key))

    def per_language(self, value: Mapping[str, Any], pattern: str) -> bool:
        """A text field given as {en: ..., es: ...}: every key a language, the field a text treatment.

        Any other key makes it an ordinary mapping, whose unlisted keys are withheld."""
        rule = self.policy.rule_for(pattern)
        return (bool(value) and rule is not None and rule.treatment in TEXT_TREATMENTS
                and all(isinstance(k, str) and k in self.languages for k in value))

    def languages_of(self, value: Mapping[str, Any], path: str, pattern: str) -> Any:
        """Text given per language: every language checked (paths children[0].clothing.es#2), same shape out."""
        rule = self.policy.rule_for(pattern)
        if rule is None:  # per_language() checked it; kept fail-closed all the same
            return self.mapping(value, path, pattern)
        for lang, text in value.items():
            if text is not None and not isinstance(text, str):
                raise RedactionError(f"{path}.{lang}: expected text, got {type(text).__name__}")
        present = {lang: text for lang, text in value.items() if not _absent(text)}
        if not present:
            return _ABSENT
        if rule.treatment == "short_text":
            # One field in several languages: a hit in any of them withholds the field in all,
            # since the others say the same thing in words the net may not know.
            found = [(lang, hits[0]) for lang, text in present.items()
                     if (hits := self.scanner.find(text))]
            if found:
                lang, hit = found[0]
                self.record_hit(path, WITHHELD, hit, dict(present))
                self.note_emptied(path, pattern)
                return _ABSENT
            for lang, text in present.items():
                self.record(f"{path}.{lang}", KEPT, rule.rule_id, PUBLIC, None, text)
            return dict(present)
        out = {lang: kept for lang, text in present.items()
               if (kept := self.free_text(text, f"{path}.{lang}", rule)) is not _ABSENT}
        if not out:
            self.note_emptied(path, pattern)
            return _ABSENT
        return out

    def leaf(self, value: Any, path: str, pattern: str) -> Any:
        if isinstance(value, (dt.date, dt.datetime, dt.time)):
            value = value.isoformat()
        if not isinstance(value, (str, int, float, bool)):
            raise RedactionError(f"{path}: unsupported value type {type(value).__name__}; "
                                 "pass model_dump(mode='json')")
        rule = self.policy.rule_for(pattern)
        if rule is None or rule.treatment == "withhold":
            # A restore never reaches a field the policy withholds: the override stays unused.
            self.leaf_withheld(value, path, rule)
            self.note_emptied(path, pattern)  # an overlay may withhold a headline field
            return _ABSENT
        if rule.treatment != "free_text":
            span = self.span_withhold(path, str(value))
            if span is not None:
                self.record_review(path, WITHHELD, span, span.span, value)
                self.note_emptied(path, pattern)
                return _ABSENT
        if rule.treatment == "keep":
            self.record(path, KEPT, rule.rule_id, PUBLIC, None, value)
            return value
        if rule.treatment in ("short_text", "name"):
            hits = self.scanner.find(str(value))
            if rule.treatment == "name":
                # A name is checked against the case's own withheld values (a placement or a
                # caseworker's name typed in the wrong field), not the lexicons: a child
                # named Foster or Casa must keep her name.
                hits = [h for h in hits if h.source == "case-value"]
            restore = self.overrides.restores_field(path) if hits else None
            if restore is not None:
                self.record_review(path, KEPT, restore, hits[0].term, value)
                return value
            if hits:
                self.record_hit(path, WITHHELD, hits[0], value)
                self.note_emptied(path, pattern)
                return _ABSENT
            self.record(path, KEPT, rule.rule_id, PUBLIC, None, value)
            return value
        result = self.free_text(str(value), path, rule)
        if result is _ABSENT:
            self.note_emptied(path, pattern)
        return result

    def leaf_withheld(self, value: Any, path: str, rule: FieldRule | None) -> None:
        if rule is None:
            self.record(path, WITHHELD, UNLISTED_RULE, UNLISTED_REASON, None, value)
        else:
            self.record(path, WITHHELD, rule.rule_id, rule.reason, None, value)

    def note_emptied(self, path: str, pattern: str) -> None:
        """Record that a headline field lost all of its value, with the reason of its first withheld part."""
        shows = self.policy.headline_fields.get(pattern)
        if shows:
            parts = (f"{path}#", f"{path}.", f"{path}[")  # sentences, languages, items
            reason = next((d.reason for d in self.decisions if d.action != KEPT
                           and (d.path == path or d.path.startswith(parts))), UNLISTED_REASON)
            self.emptied.append(Emptied(path, shows, reason))

    def free_text(self, text: str, path: str, rule: FieldRule) -> Any:
        sentences = [" ".join(text[a:b].split()) for a, b in split_sentences(text)]
        by_review, restored = self.sentence_overrides(path, sentences)
        dropped: dict[int, Hit] = {}
        immune: dict[int, Hit] = {}  # restored sentences the scan would have dropped
        while True:
            # Rescan what survives: two sentences that were apart may now spell a term
            # across their junction ("...group. Home..."), and the result must be stable.
            alive = [i for i in range(len(sentences)) if i not in dropped and i not in by_review]
            joined, offsets = "", []
            for i in alive:
                start = len(joined) + (1 if joined else 0)
                joined = f"{joined} {sentences[i]}" if joined else sentences[i]
                offsets.append((i, start, len(joined)))
            fresh = False
            for hit in self.scanner.find(joined):
                for i, start, end in offsets:
                    if i not in dropped and start < hit.span[1] and hit.span[0] < end:
                        if i in restored:
                            # A restore covers its own sentence only: a term that runs on into
                            # the next sentence still drops that one.
                            immune.setdefault(i, hit)
                            continue
                        dropped[i] = hit
                        fresh = True
            if not fresh:
                break
        for i, sentence in enumerate(sentences):
            where = f"{path}#{i + 1}"
            if i in by_review:
                override = by_review[i]
                self.record_review(where, SENTENCE_DROPPED, override, override.span, sentence)
            elif i in dropped:
                self.record_hit(where, SENTENCE_DROPPED, dropped[i], sentence)
            elif i in immune:
                self.record_review(where, KEPT, restored[i], immune[i].term, sentence)
            else:
                self.record(where, KEPT, rule.rule_id, PUBLIC, None, sentence)
        kept = [s for i, s in enumerate(sentences) if i not in dropped and i not in by_review]
        return " ".join(kept) if kept else _ABSENT

    def span_withhold(self, path: str, text: str) -> Override | None:
        """The override withholding a span this (short) field contains, if any."""
        return next((o for o in self.overrides.at(path)
                     if o.action == "withhold" and o.span is not None and contains_text(text, o.span)), None)

    def sentence_overrides(self, path: str, sentences: list[str]) -> tuple[dict[int, Override], dict[int, Override]]:
        """Sentences a reviewer withholds (by text or span) and sentences a reviewer restores, by index."""
        withheld: dict[int, Override] = {}
        restored: dict[int, Override] = {}
        for o in self.overrides.at(path):
            for i, sentence in enumerate(sentences):
                if o.action == "withhold" and (
                        (o.sentence is not None and same_text(o.sentence, sentence))
                        or (o.span is not None and contains_text(sentence, o.span))):
                    withheld.setdefault(i, o)
                elif o.action == "restore" and o.sentence is not None and same_text(o.sentence, sentence):
                    restored.setdefault(i, o)
        return withheld, restored

    def record_review(self, path: str, action: str, override: Override, matched: str | None,
                      value: Any) -> None:
        """Record a decision a reviewer's override made; marks the override as used."""
        self.applied.add(override.id)
        rule, reason = ((REVIEW_RESTORE_RULE, PUBLIC) if action == KEPT
                        else (REVIEW_WITHHOLD_RULE, REVIEW_WITHHOLD_REASON))
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
        self.decisions.append(Decision(path, action, rule, reason, matched, text,
                                       override.note or f"reviewer decision {override.id}", override.id))

    def record_hit(self, path: str, action: str, hit: Hit, value: Any) -> None:
        self.record(path, action, hit.rule_id, hit.reason, hit.term, value)

    def record(self, path: str, action: str, rule_id: str, reason: str,
               matched: str | None, value: Any) -> None:
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
        self.decisions.append(Decision(path, action, rule_id, reason, matched, text,
                                       self.policy.citation(reason)))
