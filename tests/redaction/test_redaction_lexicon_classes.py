"""One test per lexicon class (EN and ES): typical writing is caught, look-alike innocent writing is not."""
from __future__ import annotations

from typing import Any

import pytest
import yaml

from redaction import Policy, Scanner, build_scanner
from redaction.policy import LEXICON_DIR

CLASSES: dict[str, tuple[list[str], list[str]]] = {
    # lexicon file: (must be caught, must survive)
    "shorthand-en": (["FP reported her gone at 2300.", "She has a hx of running.", "Youth AWOL'd again.",
                      "The youth was seen at 5 p.m.", "Youth's phone is off.", "Bio mom was called.",
                      "TPR is pending.", "Missed her supervised visit."],
                     ["She plays in a youth soccer league.", "Church youth group on Sunday.",
                      "Her fp is unknown.", "She loves her mom."]),
    "care-en": (["In the custody of the county since May.", "Placed out of county in June.",
                 "She was placed with relatives.", "Her resource parent called.", "State's custody since 2024.",
                 "Ran from the group home.", "Custody of the Department since 2023.", "Her adoptive mom called."],
                ["She was placed in a white van.", "She placed second in the race.",
                 "She takes good care of her dog.", "Last seen in Foster City."]),
    "agencies-us": (["DCFS was told.", "The Department of Child Safety has the case.", "DHS opened a case.",
                     "Reported by ODJFS.", "Franklin County Children Services called."],
                    ["she took a dcs camera.", "dhs", "She likes the CD player."]),
    "medical-en": (["She takes Seroquel.", "She needs 50 mg daily.", "She wears an insulin pump.",
                    "She was Baker Acted.", "History of self-harm.", "She is pregnant.",
                    "Treated for chlamydia.", "She smokes weed.", "She has an IEP."],
                   ["She wears glasses.", "She has braces on her teeth.", "She has a lean build.",
                    "She is friends with Molly."]),
    "trafficking-en": (["Older bf buys her phones.", "Her boyfriend, 24, drives her.", "Staying at a motel room.",
                        "Posted in online ads.", "Seen with an older man."],
                       ["She has a date with a friend.", "Her friend John lent her a phone charger.",
                        "She runs on the track team.", "She is at the bottom of her class."]),
    "care-es": (["Vive en un hogar de crianza.", "Está con una familia temporal.", "Bajo custodia de DCFS.",
                 "La trabajadora social llamó.", "Fue colocada con su tía."],
                ["Salió de su casa.", "Se trata de una joven tímida.", "Su tutor de matemáticas llamó."]),
    "medical-es": (["Toma medicamentos.", "Estuvo en un hospital psiquiátrico.", "Tiene autolesiones.",
                    "Está embarazada de cuatro meses.", "Consume marihuana.", "Recibe educación especial."],
                   ["Lleva audífonos rosas.", "Le gustan las pastillas de menta.", "Usa lentes."]),
    "trafficking-es": (["Un novio mayor le compra celulares.", "Le paga cuartos de hotel.",
                        "Aparece en anuncios en línea.", "Su novio, de 25 años, la busca."],
                       ["Tiene una cita con una amiga.", "Su novio de la escuela la espera."]),
}


@pytest.fixture(scope="module")
def lexicon_scanner(policy: Policy) -> Scanner:
    # Lexicons only, no case: a class's own words decide.
    return build_scanner({}, policy)


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_class_catches_typical_writing(lexicon_scanner: Scanner, name: str) -> None:
    caught, _ = CLASSES[name]
    missed = [t for t in caught if not lexicon_scanner.find(t)]
    assert not missed, missed


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_class_lets_innocent_writing_through(lexicon_scanner: Scanner, name: str) -> None:
    _, innocent = CLASSES[name]
    flagged = {t: [h.term for h in lexicon_scanner.find(t)] for t in innocent}
    assert not any(flagged.values()), flagged


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_every_entry_of_a_class_is_caught_in_a_sentence(lexicon_scanner: Scanner, name: str) -> None:
    data = yaml.safe_load((LEXICON_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    entries: list[Any] = [e for group in (data.get("reasons") or {}).values() for e in group.get("terms") or []]
    entries += [{"term": a, "acronym": k == "ambiguous"} for row in data.get("agencies") or []
                for k in ("names", "acronyms", "ambiguous") for a in row.get(k) or []]
    missed = []
    for entry in entries:
        term = entry if isinstance(entry, str) else entry["term"]
        if not lexicon_scanner.find(f"Note: {term} was mentioned."):
            missed.append(term)
    assert not missed, missed


def test_agency_table_covers_every_state() -> None:
    data = yaml.safe_load((LEXICON_DIR / "agencies-us.yaml").read_text(encoding="utf-8"))
    states = {row["state"] for row in data["agencies"]}
    expected = set("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV "
                   "NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR".split())
    assert expected <= states


@pytest.mark.parametrize("acronym", ["DHS", "DCS", "CFS", "DSS", "ACS", "CWS"])
def test_ambiguous_agency_acronyms_match_only_in_capitals(lexicon_scanner: Scanner, acronym: str) -> None:
    assert lexicon_scanner.find(f"{acronym} has the case.")
    assert not lexicon_scanner.find(f"the {acronym.lower()} file")


def test_medication_list_is_generated_and_large(lexicon_scanner: Scanner) -> None:
    lines = [ln for ln in (LEXICON_DIR / "medications.txt").read_text(encoding="utf-8").splitlines()
             if ln and not ln.startswith("#")]
    assert len(lines) > 10000
    for drug in ("quetiapine", "lamotrigine", "aripiprazole", "guanfacine", "escitalopram"):
        assert drug in lines
    assert lexicon_scanner.find("She takes oxcarbazepine.")  # in no hand list
    for everyday in ("ensure", "today", "caps", "iron", "water"):
        assert everyday not in lines
