"""An unknown language is a user mistake (exit 2, naming the supported ones); check says what each language prints."""
from __future__ import annotations

from posters.case import load_case
from posters.check.language import language_findings
from posters.cli import main
from tests.conftest import SAMPLES


def test_publish_with_an_unknown_language_exits_2_naming_the_supported_ones(tmp_path, capsys):
    assert main(["publish", str(SAMPLES / "01-standard"), "--out", str(tmp_path / "out"), "--lang", "en,fr"]) == 2
    err = capsys.readouterr().err
    assert "unknown language 'fr'" in err and "en (English), es (Spanish)" in err
    assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_check_warns_about_values_and_texts_without_spanish_and_absent_public_circumstances(tmp_path):
    import shutil

    folder = tmp_path / "case"
    shutil.copytree(SAMPLES / "05-confidential", folder)
    path = folder / "case.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("hair: Brown", "hair: Brown with blue tips"), encoding="utf-8")
    found = {(f.code, f.path): f for f in language_findings(load_case(path))}
    assert ("value-untranslated", "children[0].hair") in found
    assert "NCIC code" in found[("value-untranslated", "children[0].hair")].message
    assert ("text-language-missing", "children[0].distinguishing_marks[0]") in found
    sentence = found[("no-public-circumstances", "missing.public_circumstances")].message
    assert "Jordan was last seen on November 23, 2026" in sentence
    # The message quotes the public data only: the group home the city field named is withheld.
    assert "Group Home" not in sentence
    assert all(f.level == "warning" for f in found.values())


def test_a_case_with_every_text_in_both_languages_has_no_language_warnings():
    assert language_findings(load_case(SAMPLES / "06-family-abduction")) == []
