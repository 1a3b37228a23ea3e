"""redact(): walk the case, publish what the policy allows, record every decision."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any, Mapping

from .errors import PolicyError, RedactionError
from .policy import PUBLIC, UNLISTED_REASON, UNLISTED_RULE, FieldRule, Policy, load_policy
from .release import KEPT, SENTENCE_DROPPED, WITHHELD, Decision, Release
from .scanner import Hit, Scanner, build_scanner
from .sentences import split_sentences

_ABSENT = object()
INTERNAL_NARRATIVE_RULE = "W-CIRCUMSTANCES-INTERNAL"


def redact(case_data: Mapping[str, Any], policy: Policy | None = None) -> Release:
    """Public release of a case; raises RedactionError (or PolicyError, LexiconError) instead of guessing."""
    if not isinstance(case_data, Mapping):
        raise RedactionError("case data must be a mapping: pass the validated case as "
                             "model_dump(mode='json')")
    policy = policy if policy is not None else load_policy()
    walker = _Walker(policy, build_scanner(case_data, policy))
    public = walker.mapping(case_data, "", "")
    return Release({} if public is _ABSENT else public, tuple(walker.decisions), policy.version)


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
    def __init__(self, policy: Policy, scanner: Scanner) -> None:
        self.policy = policy
        self.scanner = scanner
        self.decisions: list[Decision] = []
        internal, public = policy.circumstances_internal, policy.circumstances_public
        if internal.rpartition(".")[0] != public.rpartition(".")[0]:
            raise PolicyError(f"policy {policy.version}: circumstances paths {internal!r} and "
                              f"{public!r} must share a parent")
        self.circ_parent = internal.rpartition(".")[0]
        self.circ_keys = (internal.rpartition(".")[2], public.rpartition(".")[2])
        # Text written per language ({en: ..., es: ...}) is checked language by language.
        self.languages = frozenset(lex.language for lex in policy.lexicons)

    def walk(self, value: Any, path: str, pattern: str) -> Any:
        if _absent(value):
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
        if _absent(public):
            return internal_key, self.walk(internal, _join(path, internal_key), _join(pattern, internal_key))
        if not _absent(internal):
            # The internal narrative is never published as written once a public one exists.
            self.record(_join(path, internal_key), WITHHELD, INTERNAL_NARRATIVE_RULE,
                        "CONF-INTERNAL", None, internal)
        # The text written for the public is published under its own key, so a renderer never
        # has to read the internal slot to find it.
        return public_key, self.walk(public, _join(path, public_key), _join(pattern, public_key))

    def per_language(self, value: Mapping[str, Any], pattern: str) -> bool:
        """A text field given as {en: ..., es: ...}: every key a language, the field a text treatment."""
        rule = self.policy.rule_for(pattern)
        return (bool(value) and rule is not None and rule.treatment in ("free_text", "short_text")
                and all(isinstance(k, str) and k in self.languages for k in value))

    def languages_of(self, value: Mapping[str, Any], path: str, pattern: str) -> Any:
        """Each language's text checked with the field's own rule (path children[0].clothing.es)."""
        out = {}
        for lang, text in value.items():
            if _absent(text):
                continue
            result = self.leaf(text, _join(path, lang), pattern)
            if result is not _ABSENT:
                out[lang] = result
        return out or _ABSENT

    def leaf(self, value: Any, path: str, pattern: str) -> Any:
        if isinstance(value, (dt.date, dt.datetime, dt.time)):
            value = value.isoformat()
        if not isinstance(value, (str, int, float, bool)):
            raise RedactionError(f"{path}: unsupported value type {type(value).__name__}; "
                                 "pass model_dump(mode='json')")
        rule = self.policy.rule_for(pattern)
        if rule is None or rule.treatment == "withhold":
            return self.leaf_withheld(value, path, rule)
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
            if hits:
                self.record_hit(path, WITHHELD, hits[0], value)
                return _ABSENT
            self.record(path, KEPT, rule.rule_id, PUBLIC, None, value)
            return value
        return self.free_text(str(value), path, rule)

    def leaf_withheld(self, value: Any, path: str, rule: FieldRule | None) -> Any:
        if rule is None:
            self.record(path, WITHHELD, UNLISTED_RULE, UNLISTED_REASON, None, value)
        else:
            self.record(path, WITHHELD, rule.rule_id, rule.reason, None, value)
        return _ABSENT

    def free_text(self, text: str, path: str, rule: FieldRule) -> Any:
        sentences = [" ".join(text[a:b].split()) for a, b in split_sentences(text)]
        dropped: dict[int, Hit] = {}
        while True:
            # Rescan what survives: two sentences that were apart may now spell a term
            # across their junction ("...group. Home..."), and the result must be stable.
            alive = [i for i in range(len(sentences)) if i not in dropped]
            joined, offsets = "", []
            for i in alive:
                start = len(joined) + (1 if joined else 0)
                joined = f"{joined} {sentences[i]}" if joined else sentences[i]
                offsets.append((i, start, len(joined)))
            fresh = False
            for hit in self.scanner.find(joined):
                for i, start, end in offsets:
                    if i not in dropped and start < hit.span[1] and hit.span[0] < end:
                        dropped[i] = hit
                        fresh = True
            if not fresh:
                break
        for i, sentence in enumerate(sentences):
            where = f"{path}#{i + 1}"
            if i in dropped:
                self.record_hit(where, SENTENCE_DROPPED, dropped[i], sentence)
            else:
                self.record(where, KEPT, rule.rule_id, PUBLIC, None, sentence)
        kept = [s for i, s in enumerate(sentences) if i not in dropped]
        return " ".join(kept) if kept else _ABSENT

    def record_hit(self, path: str, action: str, hit: Hit, value: Any) -> None:
        self.record(path, action, hit.rule_id, hit.reason, hit.term, value)

    def record(self, path: str, action: str, rule_id: str, reason: str,
               matched: str | None, value: Any) -> None:
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
        self.decisions.append(Decision(path, action, rule_id, reason, matched, text,
                                       self.policy.citation(reason)))
