"""Template context for posters and social cards, built from the public release only."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..check.rules import load_rules
from .i18n import N_, Messages, messages
from ..public import PublicRelease
from .controlled import describe
from .values import age_on, full_name, height_text, local_text, place_text, shorten, weight_text

CASE_TYPES = {
    "endangered_runaway": N_("Endangered Runaway"),
    "family_abduction": N_("Family Abduction"),
    "nonfamily_abduction": N_("Nonfamily Abduction"),
    "lost_injured_missing": N_("Lost, Injured, Missing"),
    "critically_missing_young_adult": N_("Critically Missing Young Adult"),
}
ROLES = {"abductor": N_("ABDUCTOR"), "companion": N_("COMPANION")}


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


def public_circumstances(public: PublicRelease, lang: str) -> str | None:
    """The circumstances written for the public, in `lang` when given (else the other language's); never the internal narrative."""
    return local_text((public.public.get("missing") or {}).get("public_circumstances"), lang, public.language)


def last_seen_sentence(data: dict[str, Any], lang: str) -> str | None:
    """A sentence from the structured fields of public data only, for a case with no public circumstances.

    "Kayla was last seen on November 29, 2026 in Columbus, Ohio." / "Kayla fue vista por
    última vez el 29 de noviembre de 2026 en Columbus, Ohio.", agreeing with sex and number.
    """
    m = messages(lang)
    missing = data.get("missing") or {}
    children = list(data.get("children") or [])
    names = [str(c["first_name"]) for c in children if c.get("first_name")]
    if not names:
        return None
    gender = gender_context(children)
    when = m.date(dt.date.fromisoformat(missing["date"])) if missing.get("date") else None
    where = place_text(missing)
    who = join_names(names, m)
    if not when:
        return None
    if len(names) == 1:
        if where:
            return m.pgettext(gender, "%(names)s was last seen on %(date)s in %(place)s.", names=who, date=when, place=where)
        return m.pgettext(gender, "%(names)s was last seen on %(date)s.", names=who, date=when)
    if where:
        return m.pgettext(gender, "%(names)s were last seen on %(date)s in %(place)s.", names=who, date=when, place=where)
    return m.pgettext(gender, "%(names)s were last seen on %(date)s.", names=who, date=when)


def base_context(public: PublicRelease, lang: str, today: dt.date, *, circumstances_budget: int = 700,
                 watermark: bool = False, long_term: bool = False) -> dict[str, Any]:
    """Everything a template may print, in one language; nothing that was withheld."""
    m = messages(lang)
    data = public.public
    missing = data.get("missing") or {}
    agency = (data.get("contacts") or {}).get("law_enforcement") or {}
    case = data.get("case") or {}
    hotline = load_rules().hotline
    children_data = public.children()
    ctx_gender = gender_context(children_data)
    children = [_child(public, i, c, m, today, missing, long_term) for i, c in enumerate(children_data)]
    names = [c["name"] for c in children]
    headline = m.pgettext(ctx_gender, "MISSING")
    since = m.date(dt.date.fromisoformat(missing["date"])) if missing.get("date") else None
    return {
        "lang": lang,
        "headline": headline,
        "headline_class": "headline-long" if len(headline) > 8 else "",
        "title": f"{headline}: {join_names(names, m)}",
        "case_type": m.pgettext(ctx_gender, CASE_TYPES[case["case_type"]]) if case.get("case_type") in CASE_TYPES else None,
        "children": children,
        "names": names,
        "circumstances": shorten(public_circumstances(public, lang) or last_seen_sentence(public.public, lang),
                                 circumstances_budget),
        "missing_since": since,
        "missing_from": place_text(missing),
        "shared_facts": [(label, value) for label, value in (
            (m.pgettext(ctx_gender, "Missing Since"), since),
            (m.pgettext(ctx_gender, "Missing From"), place_text(missing))) if value],
        "companions": [_companion(public, i, c, m, today) for i, c in enumerate(public.companions())],
        "agency": {"name": agency.get("agency"), "phone": agency.get("phone"),
                   "report_number": agency.get("report_number")},
        "ncmec_number": case.get("ncmec_number"),
        "public_url": case.get("public_url"),
        "labels": _labels(m),
        # Printed on every poster and card, from posters/data/rules.yaml: no template spells it.
        "hotline": {"number": hotline.number, "words": hotline.vanity},
        "watermark": f"{m.gettext('DRAFT — NOT FOR RELEASE')} · {public.short_hash}" if watermark else None,
    }


def _child(public: PublicRelease, i: int, c: dict[str, Any], m: Messages, today: dt.date,
           missing: dict[str, Any], long_term: bool) -> dict[str, Any]:
    name = full_name(c)
    sex = c.get("sex") or "unknown"
    born = dt.date.fromisoformat(c["date_of_birth"]) if c.get("date_of_birth") else None
    since = dt.date.fromisoformat(missing["date"]) if missing.get("date") else None
    facts = _Facts()
    facts.add(m.pgettext(sex, "Missing Since"), m.date(since) if since else None)
    facts.add(m.pgettext(sex, "Missing From"), place_text(missing))
    facts.add(m.gettext("DOB"), m.short_date(born) if born else None)
    facts.add(m.gettext("Age Now"), m.gettext("%(age)s years", age=age_on(born, today)) if born else None)
    if long_term:
        # Years on, the age, height and weight the child had when last seen are what a
        # reader must adjust for; NCMEC's long-term posters give both ages.
        facts.add(m.gettext("Age When Missing"),
                  m.gettext("%(age)s years", age=age_on(born, since)) if born and since else None)
    facts.add(m.gettext("Sex"), describe("sex", sex, m.language))
    facts.add(m.gettext("Race"), describe("race", c.get("race"), m.language))
    facts.add(m.gettext("Height When Missing") if long_term else m.gettext("Height"), height_text(c.get("height")))
    facts.add(m.gettext("Weight When Missing") if long_term else m.gettext("Weight"), weight_text(c.get("weight")))
    facts.add(m.gettext("Hair"), describe("hair", c.get("hair"), m.language))
    facts.add(m.gettext("Eyes"), describe("eyes", c.get("eyes"), m.language))
    primary = public.primary_photo(i)
    progressed = public.progressed_photo(i)
    return {
        "name": name,
        "first_name": c.get("first_name"),
        "name_class": name_class(name),
        "nicknames": ", ".join(c.get("nicknames") or []),
        "aka_label": m.pgettext(sex, "Also known as"),
        "marks": _marks(c, m.language, public.language),
        "clothing": local_text(c.get("clothing"), m.language, public.language),
        "age_now": age_on(born, today) if born else None,
        "sex": sex,
        "facts": facts.rows,
        "photo": Asset(f"memory:{primary.asset_name}", m.gettext("Photo of %(name)s", name=name),
                       _taken(primary, m)) if primary else None,
        "progressed": Asset(
            f"memory:{progressed.asset_name}",
            m.gettext("Age-progressed image of %(name)s at age %(age)s", name=name, age=progressed.age_progressed_to),
            m.gettext("Age-progressed to %(age)s", age=progressed.age_progressed_to)) if progressed else None,
    }


def _companion(public: PublicRelease, i: int, c: dict[str, Any], m: Messages, today: dt.date) -> dict[str, Any]:
    """An abductor's or companion's block, after NCMEC's abduction posters: role, photo, facts, vehicle."""
    name = full_name(c)
    sex = c.get("sex") or "unknown"
    born = dt.date.fromisoformat(c["date_of_birth"]) if c.get("date_of_birth") else None
    facts = _Facts()
    facts.add(m.gettext("DOB"), m.short_date(born) if born else None)
    if born:
        facts.add(m.gettext("Age"), m.gettext("%(age)s years", age=age_on(born, today)))
    elif c.get("approximate_age"):
        facts.add(m.gettext("Approximate Age"), m.gettext("%(age)s years", age=c["approximate_age"]))
    facts.add(m.gettext("Sex"), describe("sex", sex, m.language))
    facts.add(m.gettext("Race"), describe("race", c.get("race"), m.language))
    facts.add(m.gettext("Height"), height_text(c.get("height")))
    facts.add(m.gettext("Weight"), weight_text(c.get("weight")))
    facts.add(m.gettext("Hair"), describe("hair", c.get("hair"), m.language))
    facts.add(m.gettext("Eyes"), describe("eyes", c.get("eyes"), m.language))
    photo = public.companion_photo(i)
    role = ROLES.get(str(c.get("role")), ROLES["companion"])
    return {
        "role": m.pgettext(sex, role),
        "name": name,
        "name_class": name_class(name),
        "nicknames": ", ".join(c.get("nicknames") or []),
        "aka_label": m.pgettext(sex, "Also known as"),
        "facts": facts.rows,
        "marks": _marks(c, m.language, public.language),
        "vehicle": vehicle_text(c.get("vehicle"), m),
        "photo": Asset(f"memory:{photo.asset_name}", m.gettext("Photo of %(name)s", name=name),
                       _taken(photo, m)) if photo else None,
    }


def vehicle_text(vehicle: dict[str, Any] | None, m: Messages) -> str | None:
    """The vehicle in words: 2008 blue Honda Civic, plate ABC1234 (OH) / Honda Civic azul de 2008, placa ABC1234 (OH)."""
    if not vehicle:
        return None
    color = describe("vehicle_color", vehicle.get("color"), m.language)
    make_model = " ".join(str(vehicle[k]) for k in ("make", "model") if vehicle.get(k))
    year = str(vehicle["year"]) if vehicle.get("year") else ""
    if make_model:
        # The catalogue orders the words: "%(year)s %(color)s %(vehicle)s" / "%(vehicle)s %(color)s de %(year)s".
        if year and color:
            text = m.gettext("%(year)s %(color)s %(vehicle)s", year=year, color=color, vehicle=make_model)
        elif year:
            text = m.gettext("%(year)s %(vehicle)s", year=year, vehicle=make_model)
        elif color:
            text = m.gettext("%(color)s %(vehicle)s", color=color, vehicle=make_model)
        else:
            text = make_model
    else:
        text = " ".join(x for x in (year, color) if x)
    plate = vehicle.get("plate")
    if plate:
        where = f" ({vehicle['plate_state']})" if vehicle.get("plate_state") else ""
        plate_text = m.gettext("plate %(plate)s", plate=f"{plate}{where}")
        text = f"{text}, {plate_text}" if text else plate_text
    return text[:1].upper() + text[1:] if text else None


class _Facts:
    """Label and value rows of a facts table; empty values leave no row."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str]] = []

    def add(self, label: str, value: Any) -> None:
        if value not in (None, "", []):
            self.rows.append((label, str(value)))


def name_class(name: str) -> str:
    """The type size class of a printed name: long names are set smaller."""
    return "name-very-long" if len(name) > 48 else "name-long" if len(name) > 26 else ""


def _marks(person: dict[str, Any], lang: str, case_lang: str) -> str:
    marks = (local_text(mark, lang, case_lang) for mark in person.get("distinguishing_marks") or [])
    return "; ".join(mark for mark in marks if mark)


def _taken(photo: Any, m: Messages) -> str | None:
    if not photo.taken:
        return None
    return f"{m.gettext('Photo taken')}: {m.date(dt.date.fromisoformat(photo.taken))}"


def join_names(names: list[str], m: Messages) -> str:
    """Names joined as the language writes them: Mia and Noah / Mia, Noah y Eli."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {m.gettext('and')} {names[-1]}"


def _labels(m: Messages) -> dict[str, str]:
    return {
        "marks": m.gettext("Distinguishing marks"),
        "clothing": m.gettext("Last seen wearing"),
        "vehicle": m.gettext("Vehicle"),
        "contact": m.gettext("ANYONE HAVING INFORMATION SHOULD CONTACT"),
        "ncmec": m.gettext("National Center for Missing & Exploited Children"),
        "report_number": m.gettext("Report number"),
        "ncmec_case": m.gettext("NCMEC case"),
    }
