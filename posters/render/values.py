"""Values computed for people from the public data: ages, measures, places, names."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years between a birth date and a day."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def height_text(height: dict[str, Any] | None) -> str | None:
    """Imperial and metric: 5'4" (163 cm)."""
    if not height:
        return None
    if height.get("cm") is not None:
        cm = float(height["cm"])
        total_in = cm / 2.54
    elif height.get("feet") is not None or height.get("inches") is not None:
        total_in = float(height.get("feet") or 0) * 12 + float(height.get("inches") or 0)
        cm = total_in * 2.54
    else:
        return None
    feet, inches = divmod(round(total_in), 12)
    return f"{feet}'{inches}\" ({round(cm)} cm)"


def weight_text(weight: dict[str, Any] | None) -> str | None:
    """Imperial and metric: 120 lb (54 kg)."""
    if not weight:
        return None
    if weight.get("kg") is not None:
        kg = float(weight["kg"])
        lb = kg / 0.45359237
    elif weight.get("lb") is not None:
        lb = float(weight["lb"])
        kg = lb * 0.45359237
    else:
        return None
    return f"{round(lb)} lb ({round(kg)} kg)"


def full_name(child: dict[str, Any]) -> str:
    """First, middle and last name, as written."""
    return " ".join(str(child[k]) for k in ("first_name", "middle_name", "last_name") if child.get(k))


def place_text(missing: dict[str, Any]) -> str | None:
    """City and state, and the country when it is not the US."""
    parts = [str(missing[k]) for k in ("city", "state") if missing.get(k)]
    if missing.get("country") and missing["country"] != "US":
        parts.append(str(missing["country"]))
    return ", ".join(parts) or None


def shorten(text: str | None, budget: int) -> str | None:
    """At most `budget` characters, cut at a sentence boundary (or a word boundary, with an ellipsis)."""
    if not text:
        return None
    text = " ".join(text.split())
    if len(text) <= budget:
        return text
    kept = ""
    for sentence in _SENTENCE_END.split(text):
        candidate = f"{kept} {sentence}".strip()
        if len(candidate) > budget:
            break
        kept = candidate
    if kept:
        return kept
    cut = text[: budget - 1].rsplit(" ", 1)[0].rstrip(",;:—- ")
    return f"{cut}…" if cut else None


def local_text(value: Any, lang: str, case_lang: str) -> str | None:
    """Public free text in `lang`: its own text when given per language, else the other language's.

    A plain string is in the case's language. Returns None for no text; never raises.
    """
    if isinstance(value, dict):
        for candidate in (lang, case_lang, *sorted(value)):
            text = value.get(candidate)
            if isinstance(text, str) and text.strip():
                return text
        return None
    return value if isinstance(value, str) and value.strip() else None


def has_text_in(value: Any, lang: str, case_lang: str) -> bool:
    """Whether public free text is written in `lang` (a plain string is in the case's language)."""
    if isinstance(value, dict):
        return isinstance(value.get(lang), str) and bool(value[lang].strip())
    return isinstance(value, str) and bool(value.strip()) and lang == case_lang
