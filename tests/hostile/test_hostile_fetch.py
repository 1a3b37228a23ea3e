"""Fetching: nothing in case text makes the renderer open a URL or a file; the fetcher refuses all but its own files."""
from __future__ import annotations

from pathlib import Path

import pytest

from hostile_support import SECRET, pdf_objects, squash
from posters.render.fetcher import SafeFetcher


def test_rendering_hostile_text_makes_no_request(poisoned) -> None:
    assert squash(poisoned.server.url + "img-name") in squash(poisoned.text)  # the URLs are on the poster, as text
    assert poisoned.server.requests == []


def test_rendering_reads_no_file_named_in_case_text(poisoned) -> None:
    assert squash(f"file://{poisoned.secret}") in squash(poisoned.text)  # the reference printed as text...
    assert SECRET not in poisoned.text  # ...and the file never read
    assert SECRET.encode() not in pdf_objects(poisoned.pdf)


def test_the_recording_server_does_record(recording_server) -> None:
    # The zero above means something only if the server records what it gets.
    import urllib.request

    before = len(recording_server.requests)
    with urllib.request.urlopen(recording_server.url + "probe", timeout=5) as response:
        assert response.status == 200
    assert recording_server.requests[before:] == ["GET /probe"]
    recording_server.requests[before:] = []


@pytest.fixture
def fetcher(tmp_path: Path) -> SafeFetcher:
    root = tmp_path / "templates"
    (root / "standard").mkdir(parents=True)
    (root / "standard" / "poster.css").write_text("body { color: black }", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    (root / "standard" / "link.css").symlink_to(secret)
    return SafeFetcher([root], {"child1-photo1.jpg": (b"\xff\xd8jpeg", "image/jpeg")})


def test_fetcher_serves_template_files_and_memory_assets(fetcher: SafeFetcher, tmp_path: Path) -> None:
    fetcher.fetch((tmp_path / "templates" / "standard" / "poster.css").as_uri())
    fetcher.fetch("memory:child1-photo1.jpg")
    assert fetcher.refused == []


@pytest.mark.parametrize("url", [
    "{server}x.css",
    "https://example.org/x.png",
    "http://169.254.169.254/latest/meta-data/",
    "ftp://127.0.0.1/x",
    "data:text/css,body{background:red}",
    "data:image/png;base64,iVBORw0KGgo=",
    "file://{tmp}/secret.txt",
    "FILE://{tmp}/secret.txt",
    "file:///etc/passwd",
    "file://localhost/etc/passwd",
    "file://{tmp}/templates/../secret.txt",
    "file://{tmp}/templates/%2e%2e/secret.txt",
    "file://{tmp}/templates/standard/link.css",   # a symlink inside the root that leads out
    "file://{tmp}/templates/standard/poster.css?x=1",
    "memory:unknown.jpg",
    "memory:../secret.txt",
    "javascript:alert(1)",
    "{tmp}/secret.txt",
])
def test_fetcher_refuses_everything_else(fetcher: SafeFetcher, tmp_path: Path, recording_server, url: str) -> None:
    url = url.replace("{server}", recording_server.url).replace("{tmp}", str(tmp_path))
    before = list(recording_server.requests)
    with pytest.raises(ValueError) as err:
        fetcher.fetch(url)
    assert str(err.value) == f"refused to load {url!r}: only files of the template folder may be loaded"
    assert fetcher.refused == [url]
    assert recording_server.requests == before
