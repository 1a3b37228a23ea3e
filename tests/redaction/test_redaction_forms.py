"""The writing forms (redaction/lexicons/*-forms.yaml, sentence-abbreviations.yaml) are data, checked,
and every entry has an effect: an abbreviation keeps its sentence whole, an address word makes a spelling match."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from redaction import LexiconError, Scanner
from redaction.forms import ADDRESS_FILE, SENTENCE_FILE, AddressForms, SentenceForms, address_words, sentence_abbreviations
from redaction.datafile import read_yaml, validate
from redaction.policy import FieldRule
from redaction.sentences import split_sentences
from redaction.value_terms import value_terms

ADDRESS = yaml.safe_load(ADDRESS_FILE.read_text(encoding="utf-8"))
ABBREVIATIONS = yaml.safe_load(SENTENCE_FILE.read_text(encoding="utf-8"))["abbreviations"]
PLACEMENT = FieldRule("placement_address", "withhold", "W-PLACEMENT", "CONF-LOCATION", "address")


def finds(address: str, text: str) -> bool:
    """Whether a text names the withheld address (as value_terms spells it)."""
    terms, numbers = value_terms({"placement_address": address}, [PLACEMENT])
    return bool(Scanner(terms, numbers=numbers).find(text))


def test_the_code_reads_the_files() -> None:
    assert sentence_abbreviations() == frozenset(ABBREVIATIONS)
    assert address_words().spellings["st"] >= {"st", "street", "saint"}
    assert sentence_abbreviations() is sentence_abbreviations()  # read once


@pytest.mark.parametrize("word", ABBREVIATIONS)
def test_every_abbreviation_keeps_its_sentence_whole(word: str) -> None:
    assert len(split_sentences(f"She was seen near {word}. Oak and the park.")) == 1


def test_a_word_not_listed_ends_the_sentence() -> None:
    # The control: without the list, the sentence above is two.
    assert len(split_sentences("She was seen near home. Oak and the park.")) == 2


@pytest.mark.parametrize("short, long", sorted(ADDRESS["short_forms"].items()))
def test_every_short_form_matches_its_word_and_back(short: str, long: str) -> None:
    # No house number: "12 Quillfeather" alone would match whatever follows it.
    assert finds(f"Quillfeather {short.capitalize()}", f"She ran to Quillfeather {long.capitalize()} again.")
    assert finds(f"Quillfeather {long.capitalize()}", f"She ran to Quillfeather {short.capitalize()} again.")


@pytest.mark.parametrize("word, other", [(w, o) for w, others in sorted(ADDRESS["other_spellings"].items())
                                          for o in others])
def test_every_other_spelling_matches(word: str, other: str) -> None:
    assert finds(f"{word.capitalize()} Quillfeather Rd", f"She was at {other.capitalize()} Quillfeather Road.")


@pytest.mark.parametrize("direction", ADDRESS["directions"])
def test_every_direction_is_left_out_of_the_street_name(direction: str) -> None:
    # "12 N Quillfeather St" is "Quillfeather Street" too; were N taken for part of the name, it would not be.
    assert finds(f"12 {direction.capitalize()} Quillfeather St", "She was seen on Quillfeather Street.")


@pytest.mark.parametrize("kind", ADDRESS["street_types"])
def test_every_street_type_matches_the_street_without_its_number(kind: str) -> None:
    assert finds(f"12 Quillfeather {kind.capitalize()}", f"She was seen on Quillfeather {kind.capitalize()}.")
    assert not finds("12 Quillfeather Zorb", "She was seen on Quillfeather Zorb.")  # the control


@pytest.mark.parametrize("unit", ADDRESS["units"]["words"])
def test_every_unit_word_ends_the_street_part(unit: str) -> None:
    assert finds(f"12 Quillfeather Rd {unit} 4", "She was seen at 12 Quillfeather yesterday.")


@pytest.mark.parametrize("written", [*ADDRESS["units"]["written_as"], ""])
def test_every_unit_spelling_matches(written: str) -> None:
    # Neither a house number nor a street type, so only the whole value, spelled out, can match.
    text = " ".join(f"She is at Quillfeather {written} 4 now.".split())
    assert finds("Quillfeather Apt 4", text)
    assert not finds("Quillfeather Zorb 4", "She is at Quillfeather unit 4 now.")  # the control


@pytest.mark.parametrize("model, path", [(SentenceForms, SENTENCE_FILE), (AddressForms, ADDRESS_FILE)])
def test_the_bundled_files_are_valid(model: type, path: Path) -> None:
    validate(model, read_yaml(path, "forms", LexiconError), str(path), LexiconError)


@pytest.mark.parametrize("body, message", [
    ("schema: redaction/sentence-abbreviations-v1\nabbreviations: [st, no]\n",
     r"abbreviations\[1\]: Input should be a valid string \(.*'no'"),  # YAML reads a bare no as false
    ("schema: redaction/sentence-abbreviations-v1\nabbreviations: [st, St.]\n", "one lowercase word without a period"),
    ("schema: redaction/sentence-abbreviations-v1\nabbreviations: [st, st]\n", "st listed twice"),
    ("schema: redaction/sentence-abbreviations-v1\nabbreviations: [st]\nextra: 1\n", "unknown key 'extra'"),
])
def test_a_broken_forms_file_says_where(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "forms.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        validate(SentenceForms, read_yaml(path, "forms", LexiconError), str(path), LexiconError)
