"""Property tests: a withheld value never survives, whatever its disguise; redaction is stable."""
from __future__ import annotations

import copy
import html
import unicodedata
from typing import Any, Callable, Iterator

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from redaction import load_policy, normalize, redact

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
POLICY = load_policy()

word = st.text("abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9).map(str.capitalize)
digits = st.text("0123456789", min_size=1, max_size=1)
phone = st.tuples(st.integers(200, 999), st.integers(200, 999), st.integers(0, 9999)).map(
    lambda t: f"{t[0]}-{t[1]}-{t[2]:04d}")
email = st.tuples(word, word, st.sampled_from(["org", "com", "net"])).map(
    lambda t: f"{t[0].lower()}@{t[1].lower()}.{t[2]}")
name = st.tuples(word, word).map(" ".join)
place = st.tuples(word, st.sampled_from(["House", "Home", "Cottage", "Center", "Lodge"])).map(" ".join)
address = st.tuples(st.integers(1, 9999), st.sampled_from(["N", "S", "East", "W"]), word,
                    st.sampled_from(["St", "Ave", "Road", "Dr"])).map(lambda t: " ".join(map(str, t)))
case_id = st.tuples(st.text("ABCDEFGHJKLMNPQRSTUVWXYZ", min_size=2, max_size=4),
                    st.integers(1000, 99999)).map(lambda t: f"{t[0]}-{t[1]}")

# (case path as keys, strategy) for every withheld field that feeds the value matcher
SECRET_FIELDS = [
    (("sensitive", "foster_care", "placement_name"), place),
    (("sensitive", "foster_care", "placement_address"), address),
    (("sensitive", "foster_care", "custody_agency"), st.tuples(word, word).map(lambda t: f"{t[0]} County {t[1]} Services")),
    (("sensitive", "foster_care", "caseworker", "name"), name),
    (("sensitive", "foster_care", "caseworker", "phone"), phone),
    (("sensitive", "foster_care", "caseworker", "email"), email),
    (("contacts", "guardian", "name"), name),
    (("contacts", "guardian", "phone"), phone),
    (("contacts", "guardian", "email"), email),
    (("sensitive", "medical", "conditions", 0), name),
    (("sensitive", "medical", "medications", 0), word.filter(lambda w: len(w) >= 6)),
    (("sensitive", "trafficking_indicators", 0), name),
    (("sensitive", "other", 0), name),
    (("case", "id"), case_id),
    (("case", "prepared_by"), name),
]

PUBLIC_TEXT_FIELDS = [
    ("missing", "circumstances"), ("missing", "public_circumstances"), ("missing", "city"),
    ("children", 0, "clothing"), ("children", 0, "distinguishing_marks", 0),
    ("children", 0, "nicknames", 0), ("children", 0, "hair"), ("children", 0, "race"),
    ("contacts", "law_enforcement", "agency"), ("contacts", "law_enforcement", "phone"),
]
BACKGROUND = ("Ava was last seen near the bus station on Main Street. She loves soccer. "
              "She was wearing a red coat and white sneakers.")

HOMOGLYPHS = {"a": "аα", "c": "с", "e": "еε", "i": "іι", "j": "ј", "o": "оο", "p": "рρ",
              "s": "ѕ", "x": "хχ", "y": "у", "k": "κ", "t": "τ", "u": "υ"}
LEET = {"o": "0", "i": "1", "l": "1", "e": "3", "a": "4@", "s": "5$", "t": "7"}
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e"]
SEPARATORS = [" ", "-", ".", "_", "/", "*", "\u00a0", " - ", "'"]


def oracle_fold(text: str) -> str:
    """An independent fold that undoes exactly the disguises below (shares no code with redaction)."""
    text = html.unescape(text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text)
                   if unicodedata.category(c) not in ("Mn", "Cf"))
    back = {g: k for k, gs in HOMOGLYPHS.items() for g in gs}
    back.update({"0": "o", "1": "i", "l": "i", "3": "e", "4": "a", "@": "a", "5": "s", "$": "s",
                 "7": "t"})
    return "".join(back.get(c, c) for c in text.casefold() if c.isalnum() or c in back)


@st.composite
def disguised(draw: Callable[..., Any], value: str) -> str:
    """``value`` with random casing, homoglyphs, leetspeak, invisibles and punctuation."""
    out = []
    for ch in value:
        kind = draw(st.sampled_from(["plain", "upper", "homoglyph", "leet", "fullwidth",
                                     "entity", "accent"]))
        low = ch.lower()
        if kind == "upper":
            ch = ch.upper()
        elif kind == "homoglyph" and low in HOMOGLYPHS:
            ch = draw(st.sampled_from(HOMOGLYPHS[low]))
        elif kind == "leet" and low in LEET:
            ch = draw(st.sampled_from(LEET[low]))
        elif kind == "fullwidth" and "!" <= ch <= "~":
            ch = chr(ord(ch) + 0xFEE0)
        elif kind == "entity":
            ch = f"&#{ord(ch)};"
        elif kind == "accent" and ch.isalpha():
            ch += "\u0301"
        out.append(ch)
        extra = draw(st.sampled_from(["", "", "", "invisible", "separator"]))
        if extra == "invisible":
            out.append(draw(st.sampled_from(INVISIBLE)))
        elif extra == "separator":
            out.append(draw(st.sampled_from(SEPARATORS)))
    return "".join(out)


def set_path(data: Any, path: tuple, value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    if isinstance(path[-1], int):
        data[:] = [value]
    else:
        data[path[-1]] = value


def get_path(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key]
    return data


def public_strings(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for v in data.values():
            yield from public_strings(v)
    elif isinstance(data, list):
        for v in data:
            yield from public_strings(v)
    elif isinstance(data, str):
        yield data


@st.composite
def leak_attempt(draw: Callable[..., Any], base: dict[str, Any]) -> tuple[dict[str, Any], str]:
    case = copy.deepcopy(base)
    case["missing"]["circumstances"] = BACKGROUND
    field, strategy = draw(st.sampled_from(SECRET_FIELDS))
    secret = draw(strategy)
    set_path(case, field, secret)
    target = draw(st.sampled_from(PUBLIC_TEXT_FIELDS))
    if target == ("missing", "public_circumstances"):
        case["missing"]["public_circumstances"] = BACKGROUND
    text = get_path(case, target)
    words = text.split(" ")
    at = draw(st.integers(0, len(words)))
    before, after = draw(st.sampled_from([(" ", " "), (", ", ", "), (" (", ") "), ("\n", ". "),
                                          (" \u200b", "\u200b "), ("\u200b", "\u200b"), ("\u2060", " "), (": ", ". ")]))
    hidden = draw(disguised(secret))
    new_text = " ".join(words[:at]) + before + hidden + after + " ".join(words[at:])
    set_path(case, target, new_text)
    return case, secret


@SETTINGS
@given(data=st.data())
def test_withheld_values_never_survive(make_case: Callable[..., dict[str, Any]], data: st.DataObject) -> None:
    case, secret = data.draw(leak_attempt(make_case()))
    needle, oracle_needle = normalize(secret), oracle_fold(secret)
    background = BACKGROUND + " ".join(public_strings(make_case()))
    assume(needle not in normalize(background) and oracle_needle not in oracle_fold(background))
    release = redact(case, POLICY)
    for text in public_strings(release.public):
        assert needle not in normalize(text), (secret, text)
        # The normalizer checking itself would be blind to its own gaps; the oracle is not.
        assert oracle_needle not in oracle_fold(text), (secret, text)


@SETTINGS
@given(data=st.data())
def test_redacting_a_release_again_changes_nothing(make_case: Callable[..., dict[str, Any]],
                                                   as_case: Callable[..., dict[str, Any]],
                                                   data: st.DataObject) -> None:
    case, _ = data.draw(leak_attempt(make_case()))
    extra = data.draw(st.lists(st.sampled_from([
        "She loves soccer.", "She is in foster care.", "She takes Zoloft.", "Home was far.",
        "She met a group.", "She was last seen near the library.", "Seen at 9 p.m. on Main St.",
        "Está embarazada.", "Le gusta el fútbol.", "J. Rivera wrote this.",
    ]), max_size=6))
    case["missing"]["public_circumstances"] = " ".join(
        [case["missing"]["public_circumstances"] or "", *extra])
    first = redact(case, POLICY)
    second = redact(as_case(first.public), POLICY)
    assert second.public == first.public
    assert all(d.action == "kept" for d in second.decisions)
