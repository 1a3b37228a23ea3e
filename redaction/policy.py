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
from typing import Any, Mapping, Sequence

import yaml

from .errors import LexiconError, PolicyError
from .lexicon import Lexicon, Pattern, Term, load_lexicon, parse_groups

PACKAGE_DIR = Path(__file__).parent
DEFAULT_POLICY = PACKAGE_DIR / "policies" / "ncmec.yaml"
LEXICON_DIR = PACKAGE_DIR / "lexicons"

# From least to most strict; an overlay may only move a field to the right.
TREATMENTS = ("keep", "name", "free_text", "short_text", "withhold")
VALUE_KINDS = ("text", "address", "name")
PUBLIC = "PUBLIC"
UNLISTED_RULE = "UNLISTED"
UNLISTED_REASON = "CONF-INTERNAL"
REQUIRED_REASONS = ("PUBLIC", "CONF-CARE", "CONF-TRAFFICKING", "CONF-MEDICAL",
                    "CONF-CONTACT", "CONF-LOCATION", "CONF-INTERNAL")

_BASE_KEYS = {"policy", "version", "description", "lexicons", "reasons", "circumstances", "fields",
              "public_contacts", "public_anchors", "headline_fields"}
_CONTACT_KEYS = {"phones", "sites", "from_case_phones", "from_case_urls"}
_OVERLAY_KEYS = {"overlay", "version", "description", "lexicons", "reasons", "lexicon", "fields"}
_RULE_KEYS = {"treatment", "rule", "reason", "values"}


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


def _read_yaml(path: Path, kind: str) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PolicyError(f"{kind} {path} does not exist; check the path") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PolicyError(f"{kind} {path} cannot be read ({exc.__class__.__name__}); "
                          "fix the file (UTF-8 YAML)") from None
    if not isinstance(data, dict):
        raise PolicyError(f"{kind} {path} must be a YAML mapping")
    return data


def _load_base(path: Path) -> Policy:
    data = _read_yaml(path, "policy")
    _no_unknown(data, _BASE_KEYS, f"policy {path}")
    for key in ("policy", "version", "lexicons", "reasons", "circumstances", "fields"):
        if key not in data:
            raise PolicyError(f"policy {path}: missing required key {key!r}")
    reasons = _parse_reasons(data["reasons"], {}, path)
    missing = [r for r in REQUIRED_REASONS if r not in reasons]
    if missing:
        raise PolicyError(f"policy {path}: reasons lack {', '.join(missing)}; add their citations")
    circ = data["circumstances"]
    if not isinstance(circ, dict) or set(circ) != {"internal", "public"}:
        raise PolicyError(f"policy {path}: 'circumstances' needs exactly 'internal' and 'public' paths")
    rules = {p: _parse_rule(p, spec, reasons, path) for p, spec in _mapping(data["fields"], "fields", path).items()}
    lexicons = _load_lexicons(data["lexicons"], path, reasons, required=True)
    return Policy(str(data["policy"]), f"{data['policy']}/{data['version']}",
                  MappingProxyType(reasons), MappingProxyType(rules), lexicons,
                  str(circ["internal"]), str(circ["public"]), (str(path),),
                  _parse_contacts(data.get("public_contacts") or {}, path),
                  _string_list(data.get("public_anchors") or [], "public_anchors", path),
                  MappingProxyType(_parse_headlines(data.get("headline_fields") or {}, path)))


def _parse_contacts(raw: Any, path: Path) -> PublicContacts:
    raw = _mapping(raw, "public_contacts", path)
    _no_unknown(raw, _CONTACT_KEYS, f"policy {path}: public_contacts")
    return PublicContacts(*(_string_list(raw.get(k) or [], f"public_contacts.{k}", path)
                            for k in ("phones", "sites", "from_case_phones", "from_case_urls")))


def _parse_headlines(raw: Any, path: Path) -> dict[str, str]:
    raw = _mapping(raw, "headline_fields", path)
    if not all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in raw.items()):
        raise PolicyError(f"{path}: headline_fields maps a field path to what the poster shows instead")
    return {k: v.strip() for k, v in raw.items()}


def _string_list(raw: Any, key: str, path: Path) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        raise PolicyError(f"{path}: {key!r} must be a list of strings")
    return tuple(raw)


def _apply_overlay(base: Policy, path: Path) -> Policy:
    data = _read_yaml(path, "overlay")
    _no_unknown(data, _OVERLAY_KEYS, f"overlay {path}")
    for key in ("overlay", "version"):
        if key not in data:
            raise PolicyError(f"overlay {path}: missing required key {key!r}")
    reasons = _parse_reasons(data.get("reasons") or {}, base.reasons, path)
    rules = dict(base.rules)
    for p, spec in _mapping(data.get("fields") or {}, "fields", path).items():
        new = _parse_rule(p, spec, reasons, path)
        _check_tightens(base, new, path)
        old = rules.get(p)
        if old is not None and old.treatment == "withhold" and old.values and not new.values:
            new = replace(new, values=old.values)  # an overlay never stops a value feed
        rules[p] = new
    lexicons = base.lexicons + _load_lexicons(data.get("lexicons") or [], path, reasons)
    if data.get("lexicon"):
        try:
            terms, patterns = parse_groups(data["lexicon"], f"OVL-{data['overlay']}", set(reasons), str(path))
        except LexiconError as exc:
            raise PolicyError(exc.message) from None
        lexicons += (Lexicon(f"overlay:{data['overlay']}", str(path), terms, patterns),)
    return Policy(base.name, f"{base.version}+{data['overlay']}/{data['version']}",
                  MappingProxyType(reasons), MappingProxyType(rules), lexicons,
                  base.circumstances_internal, base.circumstances_public,
                  base.sources + (str(path),), base.public_contacts, base.public_anchors,
                  base.headline_fields)


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


def _parse_reasons(raw: Any, existing: Mapping[str, str], path: Path) -> dict[str, str]:
    reasons = dict(existing)
    for code, citation in _mapping(raw, "reasons", path).items():
        if not isinstance(citation, str) or not citation.strip() or "\n" in citation.strip():
            raise PolicyError(f"{path}: reason {code} needs a one-line citation")
        if code in existing and existing[code] != citation:
            raise PolicyError(f"{path}: reason {code} is already defined; an overlay cannot change it")
        reasons[str(code)] = citation.strip()
    return reasons


def _parse_rule(p: Any, spec: Any, reasons: Mapping[str, str], path: Path) -> FieldRule:
    where = f"{path}: field {p!r}"
    if not isinstance(p, str) or not p or " " in p:
        raise PolicyError(f"{where}: a field path looks like 'children[].clothing'")
    if not isinstance(spec, dict):
        raise PolicyError(f"{where}: expected {{treatment: ..., rule: ...}}")
    _no_unknown(spec, _RULE_KEYS, where)
    treatment, rule_id = spec.get("treatment"), spec.get("rule")
    if treatment not in TREATMENTS:
        raise PolicyError(f"{where}: treatment must be one of {', '.join(TREATMENTS)}")
    if not isinstance(rule_id, str) or not rule_id:
        raise PolicyError(f"{where}: every field needs a rule id ('rule')")
    reason = spec.get("reason", PUBLIC if treatment != "withhold" else None)
    if reason not in reasons:
        raise PolicyError(f"{where}: reason {reason!r} is not defined under 'reasons'")
    if (treatment == "withhold") == (reason == PUBLIC):
        raise PolicyError(f"{where}: withheld fields need a CONF-* reason, published ones PUBLIC")
    values = spec.get("values")
    if values is not None and (treatment != "withhold" or values not in VALUE_KINDS):
        raise PolicyError(f"{where}: 'values' is for withheld fields, one of {', '.join(VALUE_KINDS)}")
    return FieldRule(p, treatment, rule_id, str(reason), values)


def _load_lexicons(names: Any, policy_path: Path, reasons: Mapping[str, str],
                   required: bool = False) -> tuple[Lexicon, ...]:
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise PolicyError(f"{policy_path}: 'lexicons' must be a list of names or paths")
    if not names and required:
        raise PolicyError(f"{policy_path}: lists no lexicon; free text would go unchecked")
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


def _mapping(raw: Any, key: str, path: Path) -> dict:
    if not isinstance(raw, dict):
        raise PolicyError(f"{path}: {key!r} must be a mapping")
    return raw


def _no_unknown(data: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        raise PolicyError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")
