"""The redaction policy: an allowlist of public fields, read from YAML.

Field paths use ``[]`` for "any list item": ``children[].clothing``. A leaf is
published only when a publish rule names it exactly and no withhold rule
covers it (a withhold rule covers its whole subtree). Everything else is
withheld. Overlays may only tighten; see ``load_policy``.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, Sequence

from .datafile import read_yaml, validate
from .errors import LexiconError, PolicyError
from .forms import address_words, sentence_abbreviations
from .lexicon import Lexicon, Pattern, Term, load_lexicon, parse_groups
from .models import PUBLIC, REQUIRED_REASONS, TREATMENTS, VALUE_KINDS, FieldSpec, OverlayFile, PolicyFile, undefined

PACKAGE_DIR = Path(__file__).parent
DEFAULT_POLICY = PACKAGE_DIR / "policies" / "ncmec.yaml"
LEXICON_DIR = PACKAGE_DIR / "lexicons"

UNLISTED_RULE = "UNLISTED"
UNLISTED_REASON = "CONF-INTERNAL"
# Re-exported: the file models (models.py) define them.
__all__ = ["PUBLIC", "REQUIRED_REASONS", "TREATMENTS", "VALUE_KINDS", "FieldRule", "Policy", "PublicContacts",
           "load_policy"]


@dataclass(frozen=True)
class FieldRule:
    """What to do with the field(s) at one path."""

    path: str
    treatment: str
    rule_id: str
    reason: str
    values: str | None = None  # feeds the case-value matcher: "text" | "address"


@dataclass(frozen=True)
class PublicContacts:
    """The phone numbers and web addresses public text may carry."""

    phones: tuple[str, ...] = ()            # NCMEC's hotline, printed on every poster
    sites: tuple[str, ...] = ()             # hosts any page of which is allowed
    from_case_phones: tuple[str, ...] = ()  # case paths: the investigating agency's number
    from_case_urls: tuple[str, ...] = ()    # case paths: the case's public_url


@dataclass(frozen=True, eq=False)
class Policy:
    """A loaded, validated policy (base plus overlays)."""

    name: str
    version: str
    reasons: Mapping[str, str]
    rules: Mapping[str, FieldRule]
    lexicons: tuple[Lexicon, ...]
    circumstances_internal: str
    circumstances_public: str
    sources: tuple[str, ...] = ()
    public_contacts: PublicContacts = PublicContacts()
    # Public fields whose words are never terms on their own (the city, the agency).
    public_anchors: tuple[str, ...] = ()
    # Fields whose loss changes what the poster shows: path pattern -> what it shows instead.
    headline_fields: Mapping[str, str] = field(default_factory=dict)
    # The rule and reason of the one decision that withholds the internal narrative.
    circumstances_rule: str = "W-CIRCUMSTANCES-INTERNAL"
    circumstances_reason: str = "CONF-INTERNAL"
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def rule_for(self, path: str) -> FieldRule | None:
        """The rule deciding the leaf at pattern ``path``, or None when unlisted; never raises."""
        if path not in self._cache:
            self._cache[path] = _resolve(self.rules, path)
        return self._cache[path]

    def citation(self, reason: str) -> str:
        """The one-line citation of a reason code; raises PolicyError for an unknown code."""
        try:
            return self.reasons[reason]
        except KeyError:
            raise PolicyError(f"reason code {reason!r} has no citation in policy {self.version}; "
                              "add it under 'reasons'") from None

    def lexicon_entries(self) -> tuple[tuple[Term, ...], tuple[Pattern, ...]]:
        """All lexicon terms and patterns of the policy, gathered once; never raises."""
        key = ("__lexicon_entries__",)
        if key not in self._cache:
            self._cache[key] = (tuple(t for lex in self.lexicons for t in lex.terms),
                                tuple(p for lex in self.lexicons for p in lex.patterns))
        return self._cache[key]

    def value_rules(self) -> list[FieldRule]:
        """Withhold rules whose values feed the case-value matcher; never raises."""
        return [r for r in self.rules.values() if r.values]


def load_policy(path: str | Path | None = None, overlays: Sequence[str | Path] = ()) -> Policy:
    """Load a policy and its overlays; raises PolicyError or LexiconError when anything is wrong."""
    # The writing forms are package data every redaction reads: a broken file stops here, not mid-scan.
    sentence_abbreviations(), address_words()
    if path is None and not overlays:
        return _default_policy()
    policy = _load_base(Path(path) if path is not None else DEFAULT_POLICY)
    for overlay in overlays:
        policy = _apply_overlay(policy, Path(overlay))
    return policy


@lru_cache(maxsize=1)
def _default_policy() -> Policy:
    # Policies are immutable, so the bundled one is read once per process.
    return _load_base(DEFAULT_POLICY)


def _load_base(path: Path) -> Policy:
    where = f"policy {path}"
    spec = validate(PolicyFile, read_yaml(path, "policy", PolicyError), where, PolicyError)
    reasons = dict(spec.reasons)
    rules = {p: _rule(p, f) for p, f in spec.fields.items()}
    contacts = spec.public_contacts
    return Policy(spec.policy, f"{spec.policy}/{spec.version}",
                  MappingProxyType(reasons), MappingProxyType(rules),
                  _load_lexicons(spec.lexicons, path, reasons),
                  spec.circumstances.internal, spec.circumstances.public, (str(path),),
                  PublicContacts(tuple(contacts.phones), tuple(contacts.sites),
                                 tuple(contacts.from_case_phones), tuple(contacts.from_case_urls)),
                  tuple(spec.public_anchors), MappingProxyType(dict(spec.headline_fields)),
                  circumstances_rule=spec.circumstances.rule, circumstances_reason=spec.circumstances.reason)


def _rule(path: str, spec: FieldSpec) -> FieldRule:
    return FieldRule(path, spec.treatment, spec.rule, spec.reason_code, spec.values)


def _apply_overlay(base: Policy, path: Path) -> Policy:
    where = f"overlay {path}"
    spec = validate(OverlayFile, read_yaml(path, "overlay", PolicyError), where, PolicyError)
    reasons = dict(base.reasons)
    for code, citation in spec.reasons.items():
        if code in base.reasons and base.reasons[code] != citation:
            raise PolicyError(f"{where}: reason {code} is already defined in policy {base.version}; "
                              "an overlay cannot change it (give the new citation a new code)")
        reasons[code] = citation
    try:
        undefined(spec.fields, reasons)
    except ValueError as exc:
        raise PolicyError(f"{where}: {exc}") from None
    rules = dict(base.rules)
    for p, field_spec in spec.fields.items():
        new = _rule(p, field_spec)
        _check_tightens(base, new, path)
        old = rules.get(p)
        if old is not None and old.treatment == "withhold" and old.values and not new.values:
            new = replace(new, values=old.values)  # an overlay never stops a value feed
        rules[p] = new
    lexicons = base.lexicons + _load_lexicons(spec.lexicons, path, reasons)
    if spec.lexicon:
        try:
            terms, patterns = parse_groups(spec.lexicon, f"OVL-{spec.overlay}", set(reasons), str(path))
        except LexiconError as exc:
            raise PolicyError(exc.message) from None
        lexicons += (Lexicon(f"overlay:{spec.overlay}", str(path), terms, patterns),)
    return Policy(base.name, f"{base.version}+{spec.overlay}/{spec.version}",
                  MappingProxyType(reasons), MappingProxyType(rules), lexicons,
                  base.circumstances_internal, base.circumstances_public,
                  base.sources + (str(path),), base.public_contacts, base.public_anchors,
                  base.headline_fields, base.circumstances_rule, base.circumstances_reason)


def _check_tightens(base: Policy, new: FieldRule, path: Path) -> None:
    if new.treatment == "withhold":
        return
    current = base.rule_for(new.path)
    if current is None or current.treatment == "withhold":
        raise PolicyError(
            f"overlay {path} would publish field {new.path!r}, which policy {base.version} withholds; "
            "overlays may only tighten (withhold more, add terms). Remove that rule from the overlay.")
    if TREATMENTS.index(new.treatment) < TREATMENTS.index(current.treatment):
        raise PolicyError(
            f"overlay {path} would loosen field {new.path!r} from {current.treatment} to {new.treatment}; "
            "overlays may only tighten. Use a stricter treatment or remove the rule.")


def _load_lexicons(names: Sequence[str], policy_path: Path, reasons: Mapping[str, str]) -> tuple[Lexicon, ...]:
    out = []
    for name in names:
        # A bare name is a bundled lexicon; anything else is relative to the policy file.
        file = LEXICON_DIR / f"{name}.yaml" if "/" not in name and not name.endswith(".yaml") \
            else policy_path.parent / name
        out.append(load_lexicon(file, reasons))
    return tuple(out)


def _resolve(rules: Mapping[str, FieldRule], leaf: str) -> FieldRule | None:
    best: FieldRule | None = None
    for rule in rules.values():
        if rule.treatment == "withhold" and _covers(rule.path, leaf):
            if best is None or len(rule.path) > len(best.path):
                best = rule
    if best is not None:
        return best
    return rules.get(leaf)  # a publish rule applies to exactly the leaf it names


def _covers(prefix: str, leaf: str) -> bool:
    return leaf == prefix or leaf.startswith(prefix + ".") or leaf.startswith(prefix + "[")
