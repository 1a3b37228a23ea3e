"""Fixtures of the hostile-input suite: case folders in tmp_path, a recording HTTP server, one poisoned poster.

Nothing here writes into the repository: cases, photos, face caches and outputs live under
pytest's tmp paths. The sample photo is copied byte for byte, so its face detection is cached.
"""
from __future__ import annotations

import http.server
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from hostile_support import SECRET, pdf_text, sample_data, write_case


@pytest.fixture(scope="session", autouse=True)
def _face_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    # The CLI uses the default face cache; point it (and any subprocess) at a tmp folder.
    folder = tmp_path_factory.mktemp("face-cache")
    old = os.environ.get("POSTERS_CACHE_DIR")
    os.environ["POSTERS_CACHE_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("POSTERS_CACHE_DIR", None)
    else:
        os.environ["POSTERS_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def face_cache():
    from posters.photos import FaceCache

    return FaceCache(None)


@pytest.fixture
def make_case(tmp_path: Path) -> Callable[..., Path]:
    """make_case(mutate=None, folder="case", photo=None): a case folder in tmp_path; returns case.yaml."""
    def make(mutate: Callable[[dict[str, Any]], None] | None = None, folder: str = "case",
             photo: bytes | None = None) -> Path:
        data = sample_data()
        if mutate:
            mutate(data)
        return write_case(tmp_path / folder, data, photo=photo)
    return make


@pytest.fixture(scope="session")
def release_of(face_cache) -> Callable[[Path], Any]:
    """The public release of a case file (memory-only face cache)."""
    from posters.case import load_case
    from posters.public import build_public_release

    def build(path: Path) -> Any:
        return build_public_release(load_case(path), cache=face_cache)
    return build


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def _record(self) -> None:
        type(self).requests.append(f"{self.command} {self.path}")
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { background: red }")

    do_GET = do_POST = do_HEAD = _record

    def log_message(self, *args: Any) -> None:  # quiet
        pass


@dataclass
class RecordingServer:
    url: str
    requests: list[str]


@pytest.fixture(scope="session")
def recording_server() -> Iterator[RecordingServer]:
    """An HTTP server on 127.0.0.1 (ephemeral port) that records every request it gets."""
    handler = type("Recorder", (_Recorder,), {"requests": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.timeout = 1
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield RecordingServer(f"http://127.0.0.1:{server.server_address[1]}/", handler.requests)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def poison(data: dict[str, Any], url: str, secret: Path) -> None:
    """Put HTML, Jinja2, CSS and file references into every public text field of a case.

    Fields shown in the facts table get their URL after a space: a long unbreakable word there
    does not fit the column (a known template bug, see test_hostile_text.py).
    """
    c = data["children"][0]
    c["first_name"] = "{{ 7*7 }} <b>Bold</b>"
    c["middle_name"] = "{% if true %}JINJA{% endif %}"
    c["last_name"] = f"<img src={url}img-name>"
    c["nicknames"] = ["{{ config }}", "<script>alert(1)</script>", '<a href="javascript:alert(1)">click</a>']
    c["race"] = f"<style>@import url( {url}r )"
    c["hair"] = f"Brown <img src= {url}h>"
    c["eyes"] = '<link rel=attachment href= "file:///etc/passwd">'
    c["distinguishing_marks"] = [f"<link rel=stylesheet href={url}link-marks> <iframe src={url}iframe></iframe>",
                                 f'<object data="file://{secret}"></object>']
    c["clothing"] = f"url({url}css-clothing) @import '{url}import-clothing'; <img src=\"file://{secret}\">"
    data["missing"]["city"] = f"<svg><image href= {url}c /></svg>"
    data["missing"]["state"] = f"<img src= {url}s>"
    data["missing"]["public_circumstances"] = (
        f"See {url}plain-text now. <img src={url}img-circ>. {{{{ ''.__class__ }}}} at file://{secret} and ../secret.txt.")
    data["contacts"]["law_enforcement"]["agency"] = f"PD <meta http-equiv=refresh content=0;url={url}m>"


@dataclass
class Poisoned:
    case_path: Path
    secret: Path
    server: RecordingServer
    release: Any
    pdf: bytes
    text: str


@pytest.fixture(scope="session")
def poisoned(tmp_path_factory: pytest.TempPathFactory, recording_server: RecordingServer, release_of) -> Poisoned:
    """A case with injection payloads in every public text field, rendered once (no watermark)."""
    from posters.render.poster import render_poster

    root = tmp_path_factory.mktemp("poisoned")
    secret = root / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    data = sample_data()
    poison(data, recording_server.url, secret)
    path = write_case(root / "case", data)
    release = release_of(path)
    pdf = render_poster(release, watermark=False).pdf
    return Poisoned(path, secret, recording_server, release, pdf, pdf_text(pdf))


@pytest.fixture
def no_output() -> Callable[[Path], None]:
    """assert_no_output(out): the output folder was not created and no staging folder was left beside it."""
    def check(out: Path) -> None:
        assert not out.exists(), f"{out} was created: {sorted(p.name for p in out.rglob('*'))}"
        assert not list(out.parent.glob(".posters-staging-*")), "a staging folder was left behind"
    return check

