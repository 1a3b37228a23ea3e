"""Phone numbers, e-mail addresses and web addresses in public text.

Any of them in a public text is withheld (CONF-CONTACT), whoever it belongs
to, except the few the policy allows: the investigating agency's number, the
case's ``public_url`` and NCMEC's own hotline and site, which every poster
prints. Phone numbers are found by Google's libphonenumber (``phonenumbers``),
not by digit rules: it knows national formats, extensions, vanity numbers
and what a date or a zip code looks like.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

import phonenumbers

from .normalize import Normalized

RULE_PHONE = "CONTACT-PHONE"
RULE_EMAIL = "CONTACT-EMAIL"
RULE_URL = "CONTACT-URL"
RULE_HANDLE = "CONTACT-HANDLE"
REASON = "CONF-CONTACT"

_EMAIL = re.compile(r"[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}")
# "kayla at gmail dot com", "kayla (at) gmail (dot) com": the forms people type to dodge filters.
_EMAIL_SPELLED = re.compile(
    r"\b[a-z0-9._\-]+\s*(?:\(at\)|\[at\]|\sat\s)\s*[a-z0-9\-]+\s*(?:\.|\(dot\)|\[dot\]|\sdot\s)\s*"
    r"(?:com|org|net|edu|gov|us|mx|es|io|me|info|co)\b")
# Bare domains ("kayla.com") only with endings that are not also words after a missing space
# ("casa.Es", "home.Me"); with "http://" or "www." any ending counts.
_TLDS = "com|org|net|gov|edu|mx|io|info|biz|ly|tv|app|gg|xyz|site|online|link|lat|club|live|fans"
_URL = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>\"')\]]+"
                  rf"|\b[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:{_TLDS})\b(?:/[^\s<>\"')\]]*)?")
_URL_HINT = re.compile(rf"://|www\.|\.(?:{_TLDS})\b")
_EMAIL_RAW = re.compile(_EMAIL.pattern, re.IGNORECASE)
_URL_RAW = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>\"')\]]+", re.IGNORECASE)
_DIGITS = re.compile(r"\d")
_XMLNS = re.compile(r"xmlns(?::[\w.\-]+)?\s*=\s*[\"']?$")
# "@kayla.x" on its own (not the middle of "h@me", which is leetspeak and found as a term).
_HANDLE = re.compile(r"(?<![\w.@])@[a-z0-9_][a-z0-9_.]{2,}")
_TRAIL = ".,;:!?"


@dataclass(frozen=True)
class ContactAllowlist:
    """The numbers and addresses public text may carry."""

    phones: frozenset[str]      # E.164, "+18008435678"
    urls: frozenset[str]        # bare forms, "missingkids.org/poster/ncmc/1"
    sites: frozenset[str]       # hosts any page of which is allowed, "missingkids.org"

    @classmethod
    def build(cls, phones: Iterable[str], urls: Iterable[str], sites: Iterable[str]) -> "ContactAllowlist":
        """Normalise what the policy and the case allow; never raises (unparseable entries allow nothing)."""
        return cls(frozenset(p for p in (e164(x) for x in phones) if p),
                   frozenset(u for u in (bare_url(x) for x in urls) if u),
                   frozenset(s for s in (bare_url(x).split("/")[0] for x in sites) if s))

    def allows_url(self, url: str) -> bool:
        """Whether a found address is the public URL or a page of an allowed site; never raises."""
        bare = bare_url(url)
        host = bare.split("/")[0]
        # A prefix of the public URL is the public URL cut by a line break in a PDF's text.
        return any(u.startswith(bare) for u in self.urls) or host in self.sites \
            or any(host.endswith("." + s) for s in self.sites)


def e164(text: str) -> str | None:
    """The E.164 form of a US or international number, or None; never raises."""
    try:
        number = phonenumbers.parse(text, "US")
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def bare_url(text: str) -> str:
    """A web address without scheme, "www.", trailing punctuation or slash, casefolded; never raises."""
    bare = text.strip().casefold().rstrip(_TRAIL)
    bare = re.sub(r"^[a-z][a-z0-9+.\-]*://", "", bare)
    bare = re.sub(r"^www\.", "", bare)
    return bare.rstrip("/")


def find_contacts(norm: Normalized, allow: ContactAllowlist) -> Iterator[tuple[str, str, tuple[int, int]]]:
    """(rule id, label, original span) of every contact detail not on the allowlist; never raises."""
    plain = norm.plain
    for match in _phone_matches(plain):
        number = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        if number not in allow.phones:
            yield RULE_PHONE, "phone number", norm.span_of_plain(match.start, match.end)
    # Cheap tests first: most texts have no "@", no "dot" and no web ending at all.
    has_at = "@" in plain
    for regex, rule, label, needed in ((_EMAIL, RULE_EMAIL, "e-mail address", has_at),
                                       (_EMAIL_SPELLED, RULE_EMAIL, "e-mail address", "dot" in plain)):
        for m in regex.finditer(plain) if needed else ():
            yield rule, label, norm.span_of_plain(m.start(), m.end())
    emails = [m.span() for m in _EMAIL.finditer(plain)] if has_at else []
    for m in _URL.finditer(plain) if _URL_HINT.search(plain) else ():
        if any(a <= m.start() < b for a, b in emails):
            continue  # the domain of an e-mail address, already reported
        if not allow.allows_url(m.group(0)):
            yield RULE_URL, "web address", norm.span_of_plain(m.start(), m.end())
    for m in _HANDLE.finditer(plain) if has_at else ():
        if not any(a <= m.start() < b for a, b in emails):
            yield RULE_HANDLE, "social media handle", norm.span_of_plain(m.start(), m.end())
    # The plain view drops markup, and with it an address inside a tag ("<img src=http://...>");
    # the text as written is searched too.
    original = norm.original
    if original != plain and ("<" in original or "&" in original):
        for m in _EMAIL_RAW.finditer(original):
            yield RULE_EMAIL, "e-mail address", m.span()
        for m in _URL_RAW.finditer(original):
            # An XML namespace ("xmlns:dc='http://purl.org/dc/...'") names a vocabulary, not a
            # place to go; PDF and image metadata declare them.
            if _XMLNS.search(original, max(0, m.start() - 80), m.start()):
                continue
            if not allow.allows_url(m.group(0)):
                yield RULE_URL, "web address", m.span()


def _phone_matches(plain: str) -> Iterator[phonenumbers.PhoneNumberMatch]:
    if len(_DIGITS.findall(plain)) < 7:
        return
    seen: set[tuple[int, int]] = set()
    for match in phonenumbers.PhoneNumberMatcher(plain, "US", leniency=phonenumbers.Leniency.VALID):
        seen.add((match.start, match.end))
        yield match
    # A local number without its area code ("call 555-0142") is not "valid" to libphonenumber,
    # but it is still a number someone could call: accept it when written with a separator.
    for match in phonenumbers.PhoneNumberMatcher(plain, "US", leniency=phonenumbers.Leniency.POSSIBLE):
        raw = match.raw_string
        if (match.start, match.end) not in seen and re.search(r"\d[\-. ]\d", raw) \
                and sum(c.isdigit() for c in raw) >= 7:
            yield match
