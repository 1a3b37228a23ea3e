"""Case file errors: every message names the file, the line, the field path and what was expected."""
from __future__ import annotations

from pathlib import Path

import pytest

from posters.case import load_case
from posters.errors import CaseFileError
from tests.conftest import SAMPLES

BASE = (SAMPLES / "01-standard" / "case.yaml").read_text(encoding="utf-8")


def write_case(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(CaseFileError) as info:
        load_case(path)
    return [p.render() for p in info.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_every_sample_validates():
    for path in sorted(SAMPLES.glob("*/case.yaml")):
        case = load_case(path)
        assert case.model.children, path


def test_unknown_key_suggests_the_right_one(tmp_path):
    text = BASE.replace("    height: {feet: 5, inches: 4}", "    hieght: {feet: 5, inches: 4}")
    path = write_case(tmp_path, text)
    assert problems(path) == [
        f"{path}:{line_of(text, 'hieght')}: children[0].hieght: is not a known key; did you mean 'height'?"
    ]


def test_a_key_with_nothing_after_it_is_called_empty(tmp_path):
    """A caseworker leaves "first_name:" blank: the message says empty, not Python's None."""
    text = BASE.replace("first_name: Ava", "first_name:", 1)
    path = write_case(tmp_path, text)
    assert problems(path) == [
        f"{path}:{line_of(text, 'first_name:')}: children[0].first_name: is empty; expected text"
    ]


def test_wrong_type_names_what_was_expected(tmp_path):
    text = BASE.replace("weight: {lb: 120}", 'weight: {lb: "heavy"}')
    path = write_case(tmp_path, text)
    assert problems(path) == [
        f"{path}:{line_of(text, 'heavy')}: children[0].weight.lb: is 'heavy'; expected a number"
    ]


def test_bad_date_is_an_error_with_line_and_column(tmp_path):
    text = BASE.replace("date_of_birth: 2010-05-14", "date_of_birth: 2010-13-45")
    path = write_case(tmp_path, text)
    line = line_of(text, "2010-13-45")
    assert problems(path) == [
        f"{path}:{line}:20: children[0].date_of_birth: is not a valid date (month must be in 1..12); "
        "expected a date like 2010-05-14"
    ]


def test_text_date_is_an_error(tmp_path):
    text = BASE.replace("date_of_birth: 2010-05-14", "date_of_birth: May 14 2010")
    path = write_case(tmp_path, text)
    assert problems(path) == [
        f"{path}:{line_of(text, 'May 14 2010')}: children[0].date_of_birth: is 'May 14 2010'; expected a date like 2010-05-14"
    ]


def test_missing_required_field(tmp_path):
    text = BASE.replace("    sex: female\n", "")
    path = write_case(tmp_path, text)
    assert problems(path) == [
        f"{path}:{line_of(text, 'first_name: Ava')}: children[0].sex: is required but missing"
    ]


def test_birth_after_missing_date_is_impossible(tmp_path):
    text = BASE.replace("date_of_birth: 2010-05-14", "date_of_birth: 2026-12-01")
    path = write_case(tmp_path, text)
    assert problems(path) == [
        f"{path}:{line_of(text, '2026-12-01')}: children[0].date_of_birth: is 2026-12-01, after missing.date (2026-11-01); "
        "expected a birth date on or before the day the child went missing",
        f"{path}:{line_of(text, 'taken: 2026-08-01')}: children[0].photos[0].taken: is 2026-08-01, before the child's date of birth",
    ]


def test_negative_height_is_impossible(tmp_path):
    text = BASE.replace("height: {feet: 5, inches: 4}", "height: {cm: -160}")
    path = write_case(tmp_path, text)
    assert problems(path) == [
        f"{path}:{line_of(text, 'cm: -160')}: children[0].height.cm: is -160; expected a number greater than 0"
    ]


def test_datetime_without_offset_is_refused(tmp_path):
    text = BASE.replace("learned_missing_at: 2026-11-02T08:10:00-06:00", "learned_missing_at: 2026-11-02T08:10:00")
    path = write_case(tmp_path, text)
    assert problems(path) == [
        f"{path}:{line_of(text, 'learned_missing_at')}: case.learned_missing_at: "
        "needs a time zone offset, like 2026-11-02T09:30:00-06:00"
    ]


def test_all_errors_are_reported_at_once(tmp_path):
    text = (BASE.replace("    height: {feet: 5, inches: 4}", "    hieght: {feet: 5, inches: 4}")
                .replace("    sex: female\n", "")
                .replace("  state: IL", "  state: IL\n  city: Again"))
    path = write_case(tmp_path, text)
    found = problems(path)
    assert len(found) == 3
    assert any("children[0].hieght: is not a known key" in p for p in found)
    assert any("children[0].sex: is required but missing" in p for p in found)
    assert any("missing.city: appears twice (first on line" in p for p in found)


def test_yaml_1_2_booleans_keep_country_codes_as_text(tmp_path):
    text = BASE.replace("  country: US", "  country: NO")
    case = load_case(write_case(tmp_path, text))
    assert case.model.missing.country == "NO"


def test_folder_argument_finds_case_yaml():
    assert load_case(SAMPLES / "01-standard").case_id == "MFC-2026-0142"


def test_missing_file(tmp_path):
    path = tmp_path / "nope.yaml"
    assert problems(path) == [f"{path}: no such file"]


# -- messages that say what to write (issue 11) ------------------------------------------

def test_a_bad_missing_date_is_reported_at_missing_date(tmp_path):
    # The key is named like a type ("date"); it must stay in the path.
    text = BASE.replace("  date: 2026-11-01", "  date: 11/29/2026")
    path = write_case(tmp_path, text)
    assert problems(path) == [
        f"{path}:{line_of(text, '11/29/2026')}: missing.date: is '11/29/2026'; expected a date like 2026-11-29 "
        "(year-month-day)"
    ]


@pytest.mark.parametrize("written, expected", [
    ("height: 5'4\"", "children[0].height: is '5\\'4\"'; write {feet: 5, inches: 4} (height is a mapping: {feet, inches} or {cm})"),
    ("height: 163 cm", "children[0].height: is '163 cm'; write {cm: 163} (height is a mapping: {feet, inches} or {cm})"),
    ("height: tall", "children[0].height: is 'tall'; write {feet: 5, inches: 4} or {cm: 163}"),
    ("weight: 120 lb", "children[0].weight: is '120 lb'; write {lb: 120} (weight is a mapping: {lb} or {kg})"),
    ("weight: 54 kg", "children[0].weight: is '54 kg'; write {kg: 54} (weight is a mapping: {lb} or {kg})"),
])
def test_height_and_weight_show_the_form_to_write(tmp_path, written, expected):
    key = written.split(":")[0]
    original = {"height": "height: {feet: 5, inches: 4}", "weight": "weight: {lb: 120}"}[key]
    text = BASE.replace(original, written)
    path = write_case(tmp_path, text)
    assert problems(path) == [f"{path}:{line_of(text, written)}: {expected}"]


def test_a_misspelt_required_key_is_one_error_with_the_suggestion(tmp_path):
    text = BASE.replace("  - first_name: Ava", "  - frist_name: Ava")
    path = write_case(tmp_path, text)
    assert problems(path) == [
        f"{path}:{line_of(text, 'frist_name')}: children[0].frist_name: is not a known key; "
        "did you mean 'first_name'? (first_name is required)"
    ]


def test_an_image_given_as_the_case_file_says_so(tmp_path):
    photo = SAMPLES / "01-standard" / "photos" / "ava-2026.jpg"
    assert problems(photo) == [f"{photo}: is a JPEG image, not a case file; give the case.yaml (the photos are "
                               "named inside it, under children: photos:)"]


def test_load_case_text_reports_like_load_case():
    from posters.case import load_case_text

    text = BASE.replace("  date: 2026-11-01", "  date: 11/29/2026")
    with pytest.raises(CaseFileError) as info:
        load_case_text(text, {}, source="case 12")
    [p] = info.value.problems
    assert p.render() == (f"case 12:{line_of(text, '11/29/2026')}: missing.date: is '11/29/2026'; "
                          "expected a date like 2026-11-29 (year-month-day)")


@pytest.mark.parametrize("rel", ["../x.jpg", "/etc/passwd", "photos/../../x.jpg"])
def test_an_escaping_photo_path_is_invalid_input_at_its_line(tmp_path, rel):
    text = BASE.replace("file: photos/ava-2026.jpg", f"file: {rel}")
    path = write_case(tmp_path, text)
    [found] = problems(path)
    assert found.startswith(f"{path}:{line_of(text, rel)}: children[0].photos[0].file: is {rel!r}; photo paths must")


def test_a_per_language_text_with_no_language_says_to_give_one(tmp_path):
    """`{}` where text or {en, es} is allowed: the mapping's own complaint, not "expected text"."""
    old = "      - {en: Scar above left eyebrow, es: Cicatriz sobre la ceja izquierda}"
    text = BASE.replace(old, old + "\n      - {}")
    found = problems(write_case(tmp_path, text))
    assert found == [f"{tmp_path / 'case.yaml'}:{line_of(text, '- {}')}: children[0].distinguishing_marks[1]: "
                     "give the text in at least one language: {en: ..., es: ...}"]
