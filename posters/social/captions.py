"""Captions and alt text for social posts, built from the public release only.

A caption is a list of parts in order of importance. Every part is dropped or
shortened (at word boundaries) before the first, who is missing, and the
hotline, which is never dropped. Nothing is cut mid-word.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from posters.render.i18n import Messages, messages

from ..check.rules import load_rules
from ..errors import SocialError
from ..public import PublicRelease
from ..render.context import gender_context, join_names, vehicle_text
from ..render.i18n import N_
from ..render.values import age_on, full_name, has_text_in, local_text, place_text, shorten
from .presets import Preset

# The hotline (posters/data/rules.yaml): the catalogs take its number and words as placeholders.
HOTLINE = load_rules().hotline.number
HOTLINE_WORDS = load_rules().hotline.vanity
ELLIPSIS = "…"


def caption_for(public: PublicRelease, preset: Preset, lang: str, *, today: dt.date | None = None) -> str:
    """The post's caption within preset.caption_limit; raises SocialError when even who and the hotline do not fit."""
    m, facts = _facts(public, lang, today)
    who = f"{facts['headline']}: {facts['who']}."
    call_full = _call(m, facts, with_agency=True)
    call_short = m.gettext("Call %(words)s (%(number)s).", words=HOTLINE_WORDS, number=HOTLINE)
    # A caption prints only text written in its own language: without it, the circumstances are left out.
    written = facts["circumstances"]
    circumstances = local_text(written, lang, public.language) if has_text_in(written, lang, public.language) else None
    # (text, may be shortened): a web address is whole or absent.
    optional = [(facts["since_from"], False), *((c, False) for c in facts["companions"]), (circumstances, True)]
    return _fit(who, [call_full, call_short], optional, preset.caption_limit, lang, tail=facts["url"])


def alt_text_for(public: PublicRelease, preset: Preset, lang: str, *, today: dt.date | None = None) -> str:
    """What the card shows, for screen readers, within preset.alt_text_limit; raises SocialError when it cannot fit."""
    m, facts = _facts(public, lang, today)
    msgid = "photo of %(who)s, under the headline %(headline)s" if len(facts["names"]) == 1 \
        else "photos of %(who)s, under the headline %(headline)s"
    desc = m.gettext(msgid, who=facts["who"], headline=facts["headline"])
    who = m.gettext("Missing child poster: %(desc)s", desc=desc) + "."
    call_full = _call(m, facts, with_agency=True)
    call_short = m.gettext("Call %(words)s (%(number)s).", words=HOTLINE_WORDS, number=HOTLINE)
    return _fit(who, [call_full, call_short], [(facts["since_from"], False)], preset.alt_text_limit, lang)


def _facts(public: PublicRelease, lang: str, today: dt.date | None) -> tuple[Messages, dict[str, Any]]:
    m = messages(lang)
    today = today or dt.date.today()
    data = public.public
    children = public.children()
    gender = gender_context(children)
    missing = data.get("missing") or {}
    agency = (data.get("contacts") or {}).get("law_enforcement") or {}
    people = []
    names = []
    for child in children:
        name = full_name(child)
        names.append(name)
        born = dt.date.fromisoformat(child["date_of_birth"]) if child.get("date_of_birth") else None
        if born is None:
            people.append(name)
        elif len(children) == 1:
            people.append(m.gettext("%(name)s, %(age)s", name=name, age=age_on(born, today)))
        else:
            people.append(m.gettext("%(name)s (%(age)s)", name=name, age=age_on(born, today)))
    when = m.date(dt.date.fromisoformat(missing["date"])) if missing.get("date") else None
    where = place_text(missing)
    if when and where:
        since_from = m.pgettext(gender, "Missing since %(date)s from %(place)s.", date=when, place=where)
    elif when:
        since_from = m.pgettext(gender, "Missing since %(date)s.", date=when)
    elif where:
        since_from = m.pgettext(gender, "Missing from %(place)s.", place=where)
    else:
        since_from = None
    return m, {
        "headline": m.pgettext(gender, "MISSING"),
        "who": join_names(people, m),
        "names": names,
        "since_from": since_from,
        "circumstances": missing.get("public_circumstances"),
        "companions": [_companion_line(c, m) for c in public.companions()],
        "url": (data.get("case") or {}).get("public_url"),
        "agency": agency.get("agency"),
        "phone": agency.get("phone"),
    }


def _companion_line(companion: dict[str, Any], m: Messages) -> str:
    """A caption line: Abductor: Mark Example. Vehicle: 2008 blue Honda Civic, plate ABC1234 (OH)."""
    sex = companion.get("sex") or "unknown"
    role = N_("Abductor") if companion.get("role") == "abductor" else N_("Companion")
    line = m.gettext("%(role)s: %(name)s.", role=m.pgettext(sex, role), name=full_name(companion))
    vehicle = vehicle_text(companion.get("vehicle"), m)
    return f"{line} {m.gettext('Vehicle: %(vehicle)s.', vehicle=vehicle)}" if vehicle else line


def _call(m: Messages, facts: dict[str, Any], *, with_agency: bool) -> str:
    agency, phone = facts["agency"], facts["phone"]
    if with_agency and agency and phone:
        return m.gettext("Call %(words)s (%(number)s) or %(agency)s at %(phone)s.", words=HOTLINE_WORDS, number=HOTLINE,
                         agency=agency, phone=phone)
    if with_agency and phone:
        return m.gettext("Call %(words)s (%(number)s) or the police at %(phone)s.", words=HOTLINE_WORDS, number=HOTLINE,
                         phone=phone)
    return m.gettext("Call %(words)s (%(number)s).", words=HOTLINE_WORDS, number=HOTLINE)


def _fit(first: str, calls: list[str], optional: list[tuple[str | None, bool]], limit: int, lang: str,
         tail: str | None = None) -> str:
    """`first` and a call line always; optional parts in order while they fit (some shortened); `tail` after the call if it fits."""
    # The longest call line that leaves `first` whole; else the shortest, with `first` shortened.
    call = next((c for c in calls if len(first) + len(c) + 1 <= limit), calls[-1])
    if tail and len(first) + len(call) + len(tail) + 2 <= limit:
        call = f"{call} {tail}"
    budget = limit - len(call) - 1
    head = _words(first, budget)
    if head is None:
        raise SocialError(f"a limit of {limit} characters cannot hold who is missing and the hotline ({lang}); "
                          "raise the preset's limit")
    parts = [head]
    for part, shortenable in optional:
        if not part:
            continue
        part = " ".join(part.split())
        room = budget - len(" ".join(parts)) - 1
        if len(part) <= room:
            parts.append(part)
        elif shortenable and room > 20:
            short = shorten(part, room)
            if short:
                parts.append(short)
    text = " ".join(parts + [call])
    if len(text) > limit or HOTLINE not in text:  # fail closed: never a caption without the hotline
        raise SocialError(f"the {lang} caption came out {len(text)} characters for a limit of {limit}, or without "
                          "the hotline; this is a bug in caption fitting, please report it")
    return text


def _words(text: str, budget: int) -> str | None:
    """At most `budget` characters, cut at a word boundary with an ellipsis; None when not one word fits."""
    if len(text) <= budget:
        return text
    cut = text[: budget - len(ELLIPSIS) + 1].rsplit(" ", 1)[0].rstrip(",;:.—- ")
    if not cut or " " not in text[: budget - len(ELLIPSIS) + 1]:
        return None
    return cut + ELLIPSIS

