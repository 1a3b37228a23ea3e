"""Template context for posters and social cards, built from the public release only."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from posters.render.i18n import Messages, messages
from ..public import PublicRelease
from .values import age_on, full_name, height_text, place_text, shorten, weight_text

CASE_TYPES = {
    "endangered_runaway": "Endangered Runaway",
    "family_abduction": "Family Abduction",
    "nonfamily_abduction": "Nonfamily Abduction",
    "lost_injured_missing": "Lost, Injured, Missing",
    "critically_missing_young_adult": "Critically Missing Young Adult",
}
SEX = {"female": "Female", "male": "Male", "unknown": "Unknown"}


@dataclass(frozen=True)
class Asset:
    """An image the document loads from memory: url, alt text, caption."""

    url: str
    alt: str
    caption: str | None = None


def gender_context(children: list[dict[str, Any]]) -> str:
    """The pgettext context for gendered words: female, male, unknown, plural-female, plural-mixed."""
    sexes = [c.get("sex") or "unknown" for c in children]
    if len(sexes) == 1:
        return sexes[0]
    return "plural-female" if all(s == "female" for s in sexes) else "plural-mixed"


def base_context(public: PublicRelease, lang: str, today: dt.date, *, circumstances_budget: int = 700,
                 watermark: bool = False) -> dict[str, Any]:
    """Everything a template may print, in one language; nothing that was withheld."""
    m = messages(lang)
    data = public.public
    missing = data.get("missing") or {}
    agency = (data.get("contacts") or {}).get("law_enforcement") or {}
    case = data.get("case") or {}
    children_data = public.children()
    ctx_gender = gender_context(children_data)
    children = [_child(public, i, c, m, today, missing, ctx_gender) for i, c in enumerate(children_data)]
    names = [c["name"] for c in children]
    headline = m.pgettext(ctx_gender, "MISSING")
    return {
        "lang": lang,
        "headline": headline,
        "headline_class": "headline-long" if len(headline) > 8 else "",
        "title": f"{headline}: {_join_names(names, m)}",
        "case_type": m.gettext(CASE_TYPES[case["case_type"]]) if case.get("case_type") in CASE_TYPES else None,
        "children": children,
        "names": names,
        "circumstances": shorten(missing.get("circumstances"), circumstances_budget),
        "missing_since": m.date(dt.date.fromisoformat(missing["date"])) if missing.get("date") else None,
        "missing_from": place_text(missing),
        "shared_facts": [(label, value) for label, value in (
            (m.pgettext(ctx_gender, "Missing Since"),
             m.date(dt.date.fromisoformat(missing["date"])) if missing.get("date") else None),
            (m.pgettext(ctx_gender, "Missing From"), place_text(missing))) if value],
        "agency": {"name": agency.get("agency"), "phone": agency.get("phone"),
                   "report_number": agency.get("report_number")},
        "ncmec_number": case.get("ncmec_number"),
        "public_url": case.get("public_url"),
        "labels": _labels(m),
        "watermark": f"{m.gettext('DRAFT — NOT FOR RELEASE')} · {public.short_hash}" if watermark else None,
    }


def _child(public: PublicRelease, i: int, c: dict[str, Any], m: Messages, today: dt.date,
           missing: dict[str, Any], ctx_gender: str) -> dict[str, Any]:
    name = full_name(c)
    sex = c.get("sex") or "unknown"
    born = dt.date.fromisoformat(c["date_of_birth"]) if c.get("date_of_birth") else None
    facts: list[tuple[str, str]] = []

    def fact(label: str, value: Any) -> None:
        if value not in (None, "", []):
            facts.append((label, str(value)))

    fact(m.pgettext(sex, "Missing Since"), m.date(dt.date.fromisoformat(missing["date"])) if missing.get("date") else None)
    fact(m.pgettext(sex, "Missing From"), place_text(missing))
    fact(m.gettext("DOB"), m.short_date(born) if born else None)
    fact(m.gettext("Age Now"), m.gettext("%(age)s years", age=age_on(born, today)) if born else None)
    fact(m.gettext("Sex"), m.gettext(SEX.get(sex, "Unknown")))
    fact(m.gettext("Race"), c.get("race"))
    fact(m.gettext("Height"), height_text(c.get("height")))
    fact(m.gettext("Weight"), weight_text(c.get("weight")))
    fact(m.gettext("Hair"), c.get("hair"))
    fact(m.gettext("Eyes"), c.get("eyes"))
    primary = public.primary_photo(i)
    progressed = public.progressed_photo(i)
    return {
        "name": name,
        "first_name": c.get("first_name"),
        "name_class": "name-very-long" if len(name) > 48 else "name-long" if len(name) > 26 else "",
        "nicknames": ", ".join(c.get("nicknames") or []),
        "marks": "; ".join(c.get("distinguishing_marks") or []),
        "clothing": c.get("clothing"),
        "age_now": age_on(born, today) if born else None,
        "sex": sex,
        "facts": facts,
        "photo": Asset(f"memory:{primary.asset_name}", m.gettext("Photo of %(name)s", name=name),
                       _taken(primary, m)) if primary else None,
        "progressed": Asset(
            f"memory:{progressed.asset_name}",
            m.gettext("Age-progressed image of %(name)s at age %(age)s", name=name, age=progressed.age_progressed_to),
            m.gettext("Age-progressed to %(age)s", age=progressed.age_progressed_to)) if progressed else None,
    }


def _taken(photo: Any, m: Messages) -> str | None:
    if not photo.taken:
        return None
    return f"{m.gettext('Photo taken')}: {m.date(dt.date.fromisoformat(photo.taken))}"


def _join_names(names: list[str], m: Messages) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {m.gettext('and')} {names[-1]}"


def _labels(m: Messages) -> dict[str, str]:
    return {
        "aka": m.gettext("Also known as"),
        "marks": m.gettext("Distinguishing marks"),
        "clothing": m.gettext("Last seen wearing"),
        "contact": m.gettext("ANYONE HAVING INFORMATION SHOULD CONTACT"),
        "ncmec": m.gettext("National Center for Missing & Exploited Children"),
        "report_number": m.gettext("Report number"),
        "ncmec_case": m.gettext("NCMEC case"),
    }
