"""scripts/refresh-graphiql against a registry on loopback: it writes only files whose
tarball and checksum match the manifest, and leaves the previous files when anything fails."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WIDGET_JS = b"window.Widget = {};\n"
TARBALL_PATH = "/@demo/widget/-/widget-1.0.0.tgz"


def tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for path, data in files.items():
            info = tarfile.TarInfo(f"package/{path}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


class Registry:
    """Serves `routes` (path -> body) and remembers every path asked for."""

    def __init__(self) -> None:
        self.routes: dict[str, bytes] = {}
        self.asked: list[str] = []
        registry = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                registry.asked.append(self.path)
                body = registry.routes.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def registry() -> Iterator[Registry]:
    registry = Registry()
    thread = threading.Thread(target=registry.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield registry
    finally:
        registry.server.shutdown()
        registry.server.server_close()


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A folder laid out like the repository, holding the script and a manifest."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "refresh-graphiql", tmp_path / "scripts")
    (tmp_path / "gql" / "static").mkdir(parents=True)
    return tmp_path


def write_manifest(checkout: Path, package: dict[str, object]) -> None:
    manifest = checkout / "gql" / "static" / "graphiql-manifest.json"
    manifest.write_text(json.dumps({"packages": [package]}))


def pinned_widget(data: bytes, sha256: str | None = None) -> dict[str, object]:
    return {
        "name": "@demo/widget",
        "version": "1.0.0",
        "integrity": integrity(data),
        "files": [
            {"path": "dist/widget.js", "sha256": sha256 or hashlib.sha256(WIDGET_JS).hexdigest()}
        ],
    }


def refresh(checkout: Path, registry: Registry, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(checkout / "scripts" / "refresh-graphiql"), *args],
        env={"NPM_CONFIG_REGISTRY": registry.url, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def fetched(checkout: Path) -> Path:
    return (
        checkout / "gql" / "static" / "graphiql" / "@demo" / "widget@1.0.0" / "dist" / "widget.js"
    )


def test_fetches_the_pinned_files_once(checkout: Path, registry: Registry) -> None:
    data = tarball({"dist/widget.js": WIDGET_JS, "dist/other.js": b"not listed"})
    registry.routes[TARBALL_PATH] = data
    write_manifest(checkout, pinned_widget(data))

    first = refresh(checkout, registry, "--if-needed")
    second = refresh(checkout, registry, "--if-needed")

    assert first.returncode == 0, first.stderr
    assert fetched(checkout).read_bytes() == WIDGET_JS
    assert not (fetched(checkout).parent / "other.js").exists()
    assert second.returncode == 0, second.stderr
    assert registry.asked == [TARBALL_PATH], "an unchanged manifest needs no download"


def test_a_changed_manifest_fetches_again(checkout: Path, registry: Registry) -> None:
    data = tarball({"dist/widget.js": WIDGET_JS})
    registry.routes[TARBALL_PATH] = data
    write_manifest(checkout, pinned_widget(data))
    assert refresh(checkout, registry).returncode == 0

    write_manifest(checkout, {**pinned_widget(data), "note": "edited"})
    again = refresh(checkout, registry, "--if-needed")

    assert again.returncode == 0, again.stderr
    assert registry.asked == [TARBALL_PATH, TARBALL_PATH]


def test_a_tarball_that_is_not_the_pinned_one_is_refused(
    checkout: Path, registry: Registry
) -> None:
    pinned = tarball({"dist/widget.js": WIDGET_JS})
    write_manifest(checkout, pinned_widget(pinned))
    registry.routes[TARBALL_PATH] = pinned
    assert refresh(checkout, registry).returncode == 0
    registry.routes[TARBALL_PATH] = tarball({"dist/widget.js": b"window.evil = 1;\n"})

    result = refresh(checkout, registry)

    assert result.returncode == 1
    assert "tarball integrity mismatch" in result.stderr
    assert "Traceback" not in result.stderr
    assert fetched(checkout).read_bytes() == WIDGET_JS, "the previous files stay"


def test_a_file_that_is_not_the_pinned_one_is_refused(checkout: Path, registry: Registry) -> None:
    data = tarball({"dist/widget.js": WIDGET_JS})
    registry.routes[TARBALL_PATH] = data
    write_manifest(checkout, pinned_widget(data, sha256="0" * 64))

    result = refresh(checkout, registry)

    assert result.returncode == 1
    assert "is not the pinned one" in result.stderr
    assert not fetched(checkout).exists()


def test_a_package_the_registry_lacks_is_one_clear_line(checkout: Path, registry: Registry) -> None:
    write_manifest(checkout, pinned_widget(b""))

    result = refresh(checkout, registry)

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("refresh-graphiql: HTTP Error 404")


def test_pin_records_the_registrys_integrity_and_each_checksum(
    checkout: Path, registry: Registry
) -> None:
    data = tarball({"dist/widget.js": WIDGET_JS})
    registry.routes[TARBALL_PATH] = data
    registry.routes["/@demo/widget/1.0.0"] = json.dumps(
        {"dist": {"tarball": registry.url + TARBALL_PATH, "integrity": integrity(data)}}
    ).encode()
    write_manifest(
        checkout,
        {"name": "@demo/widget", "version": "1.0.0", "files": [{"path": "dist/widget.js"}]},
    )

    result = refresh(checkout, registry, "--pin")

    assert result.returncode == 0, result.stderr
    manifest = json.loads((checkout / "gql" / "static" / "graphiql-manifest.json").read_text())
    package = manifest["packages"][0]
    assert package["integrity"] == integrity(data)
    assert package["files"] == [
        {"path": "dist/widget.js", "sha256": hashlib.sha256(WIDGET_JS).hexdigest()}
    ]
    assert fetched(checkout).read_bytes() == WIDGET_JS
