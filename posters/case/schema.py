"""The case file v1 schema (pydantic v2): strict, every key known, every value checked.

Field meanings are documented in docs/case-file.md. Unknown keys are errors
(`extra="forbid"`), because a typo such as `hieght` silently dropped would
publish a poster without a height, or worse, publish something meant to be
withheld under a key nobody reviewed.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, field_validator, model_validator

SCHEMA_ID = "posters/case-v1"

# Bidirectional controls can reorder what a poster shows (U+202E turns "Ava Sample" into
# "elpmaS avA" and hides text from the reviewer's eye): refused, never silently fixed.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Formatting characters that only hide or annotate text invisibly: refused.
_HIDING = frozenset("\u2061\u2062\u2063\u2064\u206a\u206b\u206c\u206d\u206e\u206f\ufff9\ufffa\ufffb")
# Invisible characters that carry nothing a person can see: removed.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
# Joiners matter in Persian, Indic scripts and emoji; between ASCII characters they only hide.
_ASCII_JOINER = re.compile("(?:(?<=[\x00-\x7f])|^)[\u200c\u200d]+|[\u200c\u200d]+(?=[\x00-\x7f]|$)")


def _refuse_hidden(value: str, *, allowed_controls: str) -> None:
    for ch in value:
        if ch in _BIDI_CONTROLS:
            raise ValueError(f"contains the invisible bidirectional control character U+{ord(ch):04X} "
                             f"({unicodedata.name(ch, 'bidi control').lower()}), which can reorder what the poster "
                             "shows; delete it (right-to-left names display correctly without it)")
        if ch in _HIDING or (unicodedata.category(ch) == "Cc" and ch not in allowed_controls):
            raise ValueError(f"contains the invisible control character U+{ord(ch):04X}; delete it "
                             "(it is often pasted in from another program)")


def _clean_short(value: Any) -> Any:
    """One-line text: line breaks and tabs become spaces, invisible characters go, hidden controls are refused."""
    if not isinstance(value, str):
        return value
    value = " ".join(value.replace("\t", " ").splitlines()) if any(c in value for c in "\t\r\n") else value
    _refuse_hidden(value, allowed_controls="")
    return _ASCII_JOINER.sub("", _INVISIBLE.sub("", value))


def _clean_long(value: Any) -> Any:
    """Narrative text: newlines and tabs stay, invisible characters go, hidden controls are refused."""
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    _refuse_hidden(value, allowed_controls="\t\n")
    return _ASCII_JOINER.sub("", _INVISIBLE.sub("", value))


def _clean_file_name(value: Any) -> Any:
    """A photo's file name: hidden controls are refused (a name is not rewritten: it must match the file)."""
    if isinstance(value, str):
        _refuse_hidden(value, allowed_controls="")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), BeforeValidator(_clean_short)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000), BeforeValidator(_clean_long)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=40,
                                         pattern=r"^[0-9A-Za-z+() .\-]+$")]
Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254,
                                         pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]


class Strict(BaseModel):
    """Base: unknown keys are errors; values are not coerced across types."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _PerLanguage(Strict):
    @model_validator(mode="after")
    def _some_language(self) -> "_PerLanguage":
        if self.en is None and self.es is None:  # type: ignore[attr-defined]
            raise ValueError("give the text in at least one language: {en: ..., es: ...}")
        return self


class TextPerLanguage(_PerLanguage):
    """One line of public text written per language: {en: ..., es: ...}."""

    en: Text | None = None
    es: Text | None = None


class LongTextPerLanguage(_PerLanguage):
    """Public narrative written per language: {en: ..., es: ...}."""

    en: LongText | None = None
    es: LongText | None = None


# Public free text: a plain string (in the case's language) or one text per language.
LocalText = Text | TextPerLanguage
LocalLongText = LongText | LongTextPerLanguage


class Reported(Strict):
    law_enforcement_at: dt.datetime | None = None
    ncic_entered_at: dt.datetime | None = None
    ncmec_at: dt.datetime | None = None

    @field_validator("law_enforcement_at", "ncic_entered_at", "ncmec_at")
    @classmethod
    def _aware(cls, v: dt.datetime | None) -> dt.datetime | None:
        return _require_offset(v)


class CaseInfo(Strict):
    id: Text
    ncmec_number: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Z]{0,6}[0-9]{4,12}$")] | None = None
    case_type: Literal["endangered_runaway", "family_abduction", "nonfamily_abduction",
                       "lost_injured_missing", "critically_missing_young_adult"]
    status: Literal["active", "recovered", "cancelled"]
    prepared_by: Text
    language: Literal["en", "es"] = "en"
    public_url: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300,
                                                 pattern=r"^https://[A-Za-z0-9.\-]+(/[^\s<>\"']*)?$")] | None = None
    template: Literal["standard", "long-term", "siblings"] | None = None
    learned_missing_at: dt.datetime
    reported: Reported = Reported()

    @field_validator("learned_missing_at")
    @classmethod
    def _aware(cls, v: dt.datetime) -> dt.datetime | None:
        return _require_offset(v)


class Height(Strict):
    feet: int | None = Field(default=None, ge=0, le=8)
    inches: float | None = Field(default=None, ge=0, lt=12)
    cm: float | None = Field(default=None, gt=0, le=250)

    @model_validator(mode="after")
    def _one_system(self) -> "Height":
        imperial = self.feet is not None or self.inches is not None
        if imperial == (self.cm is not None):
            raise ValueError("give either {feet, inches} or {cm}, not both and not neither")
        if self.total_cm < 30:
            raise ValueError("a height under 30 cm is not possible")
        return self

    @property
    def total_cm(self) -> float:
        if self.cm is not None:
            return float(self.cm)
        return ((self.feet or 0) * 12 + (self.inches or 0)) * 2.54


class Weight(Strict):
    lb: float | None = Field(default=None, gt=0, le=700)
    kg: float | None = Field(default=None, gt=0, le=320)

    @model_validator(mode="after")
    def _one_unit(self) -> "Weight":
        if (self.lb is None) == (self.kg is None):
            raise ValueError("give either {lb} or {kg}, not both and not neither")
        return self

    @property
    def total_kg(self) -> float:
        return float(self.kg) if self.kg is not None else float(self.lb or 0) * 0.45359237


class FaceBox(Strict):
    left: int = Field(ge=0)
    top: int = Field(ge=0)
    right: int = Field(gt=0)
    bottom: int = Field(gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> "FaceBox":
        if self.right <= self.left or self.bottom <= self.top:
            raise ValueError("right must be greater than left and bottom greater than top")
        return self


class Photo(Strict):
    file: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255), BeforeValidator(_clean_file_name)]
    taken: dt.date | None = None
    role: Literal["primary", "additional", "age_progressed"] = "primary"
    age_progressed_to: int | None = Field(default=None, ge=1, le=120)
    face: FaceBox | None = None

    @model_validator(mode="after")
    def _progressed(self) -> "Photo":
        if self.role == "age_progressed" and self.age_progressed_to is None:
            raise ValueError("an age_progressed photo needs age_progressed_to (the age it shows)")
        if self.role != "age_progressed" and self.age_progressed_to is not None:
            raise ValueError("age_progressed_to is only for photos with role: age_progressed")
        return self


class Description(Strict):
    """What a person looks like: shared by children and companions (race, hair and eyes take NCIC codes too)."""

    race: Text | None = None
    height: Height | None = None
    weight: Weight | None = None
    hair: Text | None = None
    eyes: Text | None = None
    distinguishing_marks: list[LocalText] = []


class Child(Description):
    first_name: Text
    middle_name: Text | None = None
    last_name: Text
    nicknames: list[Text] = []
    date_of_birth: dt.date
    sex: Literal["female", "male", "unknown"]
    clothing: LocalText | None = None
    photos: list[Photo] = []

    @model_validator(mode="after")
    def _one_primary(self) -> "Child":
        primaries = [p for p in self.photos if p.role == "primary"]
        if len(primaries) > 1:
            raise ValueError("only one photo may have role: primary")
        return self


class Missing(Strict):
    date: dt.date
    city: Text
    state: Text
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] = "US"
    circumstances: LongText | None = None
    public_circumstances: LocalLongText | None = None
    endangerments: list[Text] | None = None


class Vehicle(Strict):
    """A vehicle a companion or abductor may be using."""

    year: int | None = Field(default=None, ge=1900, le=2100)
    make: Text | None = None
    model: Text | None = None
    color: Text | None = None
    plate: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=12,
                                            pattern=r"^[0-9A-Za-z \-]+$")] | None = None
    plate_state: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=30)] | None = None

    @model_validator(mode="after")
    def _something(self) -> "Vehicle":
        if not any((self.make, self.model, self.plate, self.color)):
            raise ValueError("describe the vehicle: give at least make, model, color or plate")
        return self


class CompanionPhoto(Strict):
    """A photo of a companion or abductor: the one face in it is theirs (a face box picks it otherwise)."""

    file: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255), BeforeValidator(_clean_file_name)]
    taken: dt.date | None = None
    face: FaceBox | None = None


class Companion(Description):
    """A person the child is believed to be with: an abductor (NCMEC's family and nonfamily abduction posters) or a companion."""

    role: Literal["abductor", "companion"]
    first_name: Text
    middle_name: Text | None = None
    last_name: Text | None = None
    nicknames: list[Text] = []
    # Never printed: "foster father" or "former caseworker" would reveal care status.
    relationship: Text | None = None
    sex: Literal["female", "male", "unknown"] = "unknown"
    date_of_birth: dt.date | None = None
    approximate_age: int | None = Field(default=None, ge=1, le=120)
    photos: Annotated[list[CompanionPhoto], Field(max_length=2)] = []
    vehicle: Vehicle | None = None

    @model_validator(mode="after")
    def _one_age(self) -> "Companion":
        if self.date_of_birth is not None and self.approximate_age is not None:
            raise ValueError("give date_of_birth or approximate_age, not both")
        return self


class LawEnforcement(Strict):
    agency: Text
    phone: Phone
    report_number: Text | None = None


class Guardian(Strict):
    name: Text
    relationship: Text | None = None
    phone: Phone | None = None
    email: Email | None = None


class Contacts(Strict):
    law_enforcement: LawEnforcement
    guardian: Guardian | None = None


class Person(Strict):
    name: Text | None = None
    phone: Phone | None = None
    email: Email | None = None


class FosterCare(Strict):
    in_care: bool = False
    custody_agency: Text | None = None
    placement_type: Literal["foster_home", "kinship", "group_home", "residential", "shelter", "other"] | None = None
    placement_name: Text | None = None
    placement_address: Text | None = None
    caseworker: Person | None = None


class Medical(Strict):
    conditions: list[Text] = []
    medications: list[Text] = []
    autism_spectrum: bool = False
    notes: LongText | None = None


class Sensitive(Strict):
    foster_care: FosterCare = FosterCare()
    trafficking_indicators: list[Text] = []
    medical: Medical = Medical()
    other: list[LongText] = []


class Consent(Strict):
    guardian_consulted_at: dt.datetime | None = None
    law_enforcement_consulted_at: dt.datetime | None = None

    @field_validator("guardian_consulted_at", "law_enforcement_consulted_at")
    @classmethod
    def _aware(cls, v: dt.datetime | None) -> dt.datetime | None:
        return _require_offset(v)


class CaseFile(Strict):
    """A whole case file, version 1."""

    schema_: Literal["posters/case-v1"] = Field(alias="schema")
    case: CaseInfo
    children: Annotated[list[Child], Field(min_length=1, max_length=4)]
    missing: Missing
    companions: Annotated[list[Companion], Field(max_length=3)] = []
    contacts: Contacts
    sensitive: Sensitive = Sensitive()
    consent: Consent = Consent()

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


def _require_offset(v: dt.datetime | None) -> dt.datetime | None:
    if v is not None and v.tzinfo is None:
        raise ValueError("needs a time zone offset, like 2026-11-02T09:30:00-06:00")
    return v


def model_in(annotation: Any) -> Any:
    """The case-file model inside an annotation (X, X | None, list[X]); None for scalars; never raises."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = model_in(arg)
        if found is not None:
            return found
    return None
