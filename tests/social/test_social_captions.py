"""Captions and alt text: from public data only, within every limit, never dropping the hotline."""
from __future__ import annotations

import dataclasses
import re

import pytest

import redaction
from posters.case import load_case
from posters.public import default_policy
from posters.social import SocialError, alt_text_for, caption_for, load_presets
from tests.social.conftest import SAMPLES, TODAY

PRESETS = load_presets()
SAMPLE_NAMES = ["01-standard", "02-long-term", "03-spanish", "04-siblings", "05-confidential"]
HOTLINE = "1-800-843-5678"


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_captions_and_alt_texts_fit_every_preset_and_keep_the_hotline(sample_release, sample: str, lang: str) -> None:
    public = sample_release(sample)
    for preset in PRESETS.values():
        caption = caption_for(public, preset, lang, today=TODAY)
        alt = alt_text_for(public, preset, lang, today=TODAY)
        assert len(caption) <= preset.caption_limit and len(alt) <= preset.alt_text_limit
        assert HOTLINE in caption and HOTLINE in alt


def test_no_withheld_value_reaches_a_caption_or_alt_text(sample_release) -> None:
    case = load_case(SAMPLES / "05-confidential")
    scanner = redaction.build_scanner(case.plain_data(), default_policy())
    public = sample_release("05-confidential")
    texts = [fn(public, preset, lang, today=TODAY) for fn in (caption_for, alt_text_for)
             for preset in PRESETS.values() for lang in ("en", "es")]
    # The scanner does find the secrets in the case's own text: the check is not vacuous.
    assert scanner.find(case.model.missing.circumstances)
    for text in texts:
        assert scanner.find(text) == [], text
    for secret in ("Maple Grove", "555-0199", "sertraline", "autis", "CSEC", "foster"):
        assert all(secret.lower() not in t.lower() for t in texts)


def test_caption_says_who_age_when_where_and_whom_to_call(sample_release) -> None:
    caption = caption_for(sample_release("01-standard"), PRESETS["instagram-square"], "en", today=TODAY)
    assert caption.startswith("MISSING: Ava Grace Sample, 16. Missing since November 1, 2026 from Springfield, IL.")
    assert "Call 1-800-THE-LOST (1-800-843-5678) or Springfield Police Department at 217-555-0100." in caption
    assert caption.endswith("https://posters.example.org/c/NCMC2041234")


@pytest.mark.parametrize("sample, expected", [
    ("03-spanish", ["DESAPARECIDA: Sofía Ejemplo Ruiz, 14 años.", "Desaparecida desde el 10 de noviembre de 2026",
                    "Llame al 1-800-THE-LOST"]),                            # one girl
    ("05-confidential", ["DESAPARECIDO: Jordan Fictitious, 15 años.", "Desaparecido desde el"]),  # one boy
    ("04-siblings", ["DESAPARECIDOS: Mia Testcase (13 años) y Noah Testcase (11 años).",
                     "Desaparecidos desde el 20 de noviembre de 2026"]),    # a girl and a boy
])
def test_spanish_captions_use_spanish_words_with_the_right_gender(sample_release, sample: str, expected: list[str]) -> None:
    public = sample_release(sample)
    caption = caption_for(public, PRESETS["x-post"], "es", today=TODAY)
    alt = alt_text_for(public, PRESETS["x-post"], "es", today=TODAY)
    for part in expected:
        assert part in caption
    assert alt.startswith("Cartel de menor desaparecido: foto")
    assert not re.search(r"\b(Missing|Call|since|from)\b", caption + alt)


def test_a_caption_in_another_language_leaves_out_the_circumstances(sample_release) -> None:
    public = sample_release("01-standard")  # circumstances written in English
    assert "bus station" in caption_for(public, PRESETS["x-post"], "en", today=TODAY)
    assert "bus station" not in caption_for(public, PRESETS["x-post"], "es", today=TODAY)


def test_the_internal_narrative_reaches_no_caption(sample_release) -> None:
    public = sample_release("01-standard")  # internal: "Ava left her placement after school..."
    for lang in ("en", "es"):
        caption = caption_for(public, PRESETS["x-post"], lang, today=TODAY)
        assert "after school" not in caption and "placement" not in caption


@pytest.mark.parametrize("limit", [120, 150, 200, 240, 280])
def test_short_limits_shorten_at_word_boundaries_and_keep_the_hotline(sample_release, limit: int) -> None:
    public = sample_release("04-siblings")
    roomy = dataclasses.replace(PRESETS["x-post"], caption_limit=5000, alt_text_limit=5000)
    tight = dataclasses.replace(PRESETS["x-post"], caption_limit=limit, alt_text_limit=limit)
    for fn in (caption_for, alt_text_for):
        full, text = fn(public, roomy, "es", today=TODAY), fn(public, tight, "es", today=TODAY)
        assert len(text) <= limit and HOTLINE in text
        whole_words = set(re.findall(r"\w+", full))
        # A word before an ellipsis is a whole word of the full text, never a cut one.
        for word in re.findall(r"\w+(?=…)", text):
            assert word in whole_words, (word, text)


def test_a_limit_too_small_for_the_hotline_is_an_error(sample_release) -> None:
    preset = dataclasses.replace(PRESETS["x-post"], caption_limit=40)
    with pytest.raises(SocialError, match="cannot hold who is missing and the hotline"):
        caption_for(sample_release("01-standard"), preset, "en", today=TODAY)
