"""The leak scan: the last check before finished artifacts reach the public folder.

Every file is read back the way a recipient could read it: the text and the
metadata of PDFs (pages, Info dictionary, XMP, compressed object streams), the
metadata of images, text files and every file name. All of it is searched with
the same scanner the redaction layer uses (lexicons plus the case's withheld
values), and PDFs must not carry attachments, scripts or foreign links.
Findings name the file and the rule; the secret itself is masked.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

TEXT_SUFFIXES = {".txt", ".json", ".md", ".csv", ".html", ".xml"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg"}
# Fixed wording the templates print that holds a lexicon word, allowed only as the whole phrase.
BOILERPLATE_MSGIDS = ("National Center for Missing & Exploited Children",)
_PDF_FEATURES = {
    rb"/EmbeddedFiles?(?![A-Za-z])": "an embedded file",
    rb"/FileAttachment(?![A-Za-z])": "a file attachment",
    rb"/JavaScript(?![A-Za-z])": "JavaScript",
    rb"/JS(?![A-Za-z])": "JavaScript",
    rb"/Launch(?![A-Za-z])": "a launch action",
    rb"/GoToR(?![A-Za-z])": "a link to another file",
    rb"/GoToE(?![A-Za-z])": "a link into an embedded file",
    rb"/SubmitForm(?![A-Za-z])": "a form that submits data",
    rb"/ImportData(?![A-Za-z])": "a data import action",
    rb"/RichMedia(?![A-Za-z])": "rich media",
    rb"/XFA(?![A-Za-z])": "an XFA form",
}
_URI = re.compile(rb"/URI\s*\(((?:\\.|[^\\)])*)\)|/URI\s*<([0-9A-Fa-f\s]*)>")
_XMP = re.compile(rb"<x:xmpmeta.*?</x:xmpmeta>", re.S)
_STREAM = re.compile(rb"stream\r?\n")
_MAX_INFLATE = 64 * 1024 * 1024


@dataclass(frozen=True)
class LeakFinding:
    """One thing in one artifact that must not be published; ``masked`` never shows the secret in full."""

    artifact: str
    where: str
    rule_id: str
    reason: str
    masked: str

    def __str__(self) -> str:
        return f"{self.artifact} ({self.where}): {self.rule_id} [{self.reason}] matched {self.masked}"


class LeakScanner:
    """Scans finished artifacts for one case; build once, scan a folder."""

    def __init__(self, case_data: dict[str, Any], policy: Any, *, allowed_urls: Iterable[str] = (),
                 boilerplate: Iterable[str] = ()) -> None:
        import redaction

        self._scanner = redaction.build_scanner(case_data, policy)
        self._mask = redaction.mask
        self._allowed_urls = {u for u in allowed_urls if u}
        self._boilerplate = [s for s in (redaction.normalize(p) for p in boilerplate) if s]

    def scan_folder(self, folder: Path) -> list[LeakFinding]:
        """Findings for every file under `folder` (names relative to it); never raises for file contents."""
        out: list[LeakFinding] = []
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            out += self.scan_file(path, path.relative_to(folder).as_posix())
        return out

    def scan_file(self, path: Path, name: str) -> list[LeakFinding]:
        """Findings for one file, by its kind; an unknown kind is itself a finding (fail closed)."""
        out = list(self.scan_text(name, name, "file name"))
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            out += self._pdf(path, name)
        elif suffix in IMAGE_SUFFIXES:
            out += self._image(path, name)
        elif suffix in TEXT_SUFFIXES:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                out.append(LeakFinding(name, "content", "SCAN-UNREADABLE", "unreadable", "not UTF-8 text"))
            else:
                out += self.scan_text(text, name, "text")
        else:
            out.append(LeakFinding(name, "file type", "SCAN-UNKNOWN-TYPE", "unknown",
                                   f"'{suffix or 'no suffix'}' files are not published"))
        return out

    def scan_text(self, text: str, artifact: str, where: str) -> Iterator[LeakFinding]:
        """Findings for one text, skipping hits inside the allowed boilerplate phrases; never raises."""
        import redaction

        norm = redaction.analyze(text)
        allowed = [norm.span_of_skeleton(i, i + len(b)) for b in self._boilerplate
                   for i in _all(norm.skeleton, b)]
        for hit in self._scanner.find_in(norm):
            if any(a <= hit.span[0] and hit.span[1] <= b for a, b in allowed):
                continue
            yield LeakFinding(artifact, where, hit.rule_id, hit.reason, self._mask(hit.term))

    def _pdf(self, path: Path, name: str) -> list[LeakFinding]:
        import pypdfium2 as pdfium

        from posters.native import NATIVE

        raw = path.read_bytes()
        out: list[LeakFinding] = []
        texts: list[tuple[str, str]] = []  # (where, text), read under the lock, scanned after it
        with NATIVE:
            try:
                doc = pdfium.PdfDocument(raw)
            except pdfium.PdfiumError as exc:
                return [LeakFinding(name, "content", "SCAN-UNREADABLE", "unreadable", f"PDF cannot be read ({exc})")]
            try:
                for index in range(len(doc)):
                    page = doc[index]
                    textpage = page.get_textpage()
                    texts.append((f"page {index + 1} text", textpage.get_text_range()))
                    textpage.close()
                    page.close()
                texts += [(f"metadata {key}", str(value)) for key, value in doc.get_metadata_dict().items()]
                if doc.count_attachments():
                    out.append(LeakFinding(name, "PDF feature", "PDF-FEATURE", "forbidden", "an embedded file"))
            finally:
                doc.close()
        for where, text in texts:
            out += self.scan_text(text, name, where)
        blobs = [raw] + list(_inflated_streams(raw))
        for n, blob in enumerate(blobs):
            for packet in _XMP.findall(blob):
                out += self.scan_text(packet.decode("utf-8", "replace"), name, "XMP metadata")
            out += self._pdf_features(blob, name, "raw bytes" if n == 0 else "compressed stream")
        return _dedupe(out)

    def _pdf_features(self, blob: bytes, name: str, where: str) -> list[LeakFinding]:
        out = [LeakFinding(name, f"PDF feature ({where})", "PDF-FEATURE", "forbidden", label)
               for pattern, label in _PDF_FEATURES.items() if re.search(pattern, blob)]
        for m in _URI.finditer(blob):
            uri = _pdf_string(m.group(1)) if m.group(1) is not None else _hex_string(m.group(2))
            if uri not in self._allowed_urls:
                out.append(LeakFinding(name, f"PDF link ({where})", "PDF-LINK", "forbidden",
                                       f"a link other than the case's public_url ({len(uri)} chars)"))
        return out

    def _image(self, path: Path, name: str) -> list[LeakFinding]:
        from PIL import Image, UnidentifiedImageError

        import redaction

        out: list[LeakFinding] = []
        try:
            redaction.verify_clean(path)
        except redaction.ImageMetadataError as exc:
            out += [LeakFinding(name, "image metadata", "IMG-METADATA", "forbidden", item) for item in exc.remaining]
        except redaction.RedactionError as exc:
            out.append(LeakFinding(name, "content", "SCAN-UNREADABLE", "unreadable", exc.message.split(":")[-1].strip()))
        if not out:
            # Clean: there is no metadata whose values could hold a secret.
            return out
        try:
            with Image.open(path) as im:
                # Bytes as latin-1 text, so the scanner reads the words, not Python's b'...' escapes.
                values = [f"{k} {v.decode('latin-1') if isinstance(v, bytes) else v}"
                          for k, v in im.info.items() if isinstance(v, (str, bytes))]
                values += [str(v) for v in im.getexif().values()]
        except (OSError, UnidentifiedImageError, SyntaxError, ValueError):
            return out
        for value in values:
            out += self.scan_text(value, name, "image metadata")
        return out


def _inflated_streams(raw: bytes) -> Iterator[bytes]:
    """The decompressed content of every FlateDecode stream (object streams, XMP); skips what will not inflate."""
    for m in _STREAM.finditer(raw):
        head = raw[max(0, m.start() - 600):m.start()]
        if b"/FlateDecode" not in head.rsplit(b"obj", 1)[-1]:
            continue
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(raw[m.end():], _MAX_INFLATE)
        except zlib.error:
            continue
        yield data


def _pdf_string(body: bytes) -> str:
    out = re.sub(rb"\\([()\\])", rb"\1", body)
    return out.decode("latin-1")


def _hex_string(body: bytes) -> str:
    digits = re.sub(rb"\s", b"", body)
    try:
        return bytes.fromhex(digits.decode("ascii") + ("0" if len(digits) % 2 else "")).decode("latin-1")
    except ValueError:
        return ""


def _all(haystack: str, needle: str) -> Iterator[int]:
    i = haystack.find(needle)
    while i != -1:
        yield i
        i = haystack.find(needle, i + 1)


def _dedupe(findings: list[LeakFinding]) -> list[LeakFinding]:
    return list(dict.fromkeys(findings))


def scanner_for(case: Any, public_url: str | None, policy: Any = None, *,
                restored: Iterable[str] = ()) -> LeakScanner:
    """The leak scanner of one case, with the templates' boilerplate in every language and the exact
    texts a reviewer restored in this release (``PublicRelease.restored_texts()``); never raises for a valid case."""
    from posters.render.i18n import LANGUAGES, messages

    from ..public import default_policy

    phrases = [messages(lang).gettext(msgid) for lang in LANGUAGES for msgid in BOILERPLATE_MSGIDS]
    # The children's names are published on purpose (the policy checks them against the case's
    # withheld values, not the lexicons): a child named Foster must not stop her own poster.
    # Only the whole name is allowed, as the artifacts print it (first and last, with or without
    # the middle name): "foster" on its own, or "foster care", is still a finding.
    for person in (*case.model.children, *case.model.companions):
        # A companion's name is printed on purpose too (their block on an abduction poster).
        last = f" {person.last_name}" if person.last_name else ""
        phrases.append(f"{person.first_name}{last}")
        if person.middle_name:
            phrases.append(f"{person.first_name} {person.middle_name}{last}")
    # A reviewer's restore allows its exact text, for this release only: a hit that is not wholly
    # inside that text (the same word elsewhere) is still a finding.
    phrases += [t for t in restored if t and t.strip()]
    return LeakScanner(case.plain_data(), policy or default_policy(), allowed_urls=[public_url or ""],
                       boilerplate=phrases)
