"""URL sources against a local HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import contextlib
import datetime as dt
import ssl
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from transforms.records import ArticleRecord
from transforms.sources import SourceError, SourceSpec, read_sources
from transforms.sources.fetch import fetch_url

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass

    def _send(self, status: int, body: bytes, ctype: str, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client may have given up already (timeout test): expected.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/feed":
            body = (FIXTURES / "harbour_gazette.rss").read_bytes()
            self._send(200, body, "application/rss+xml; charset=utf-8")
        elif self.path == "/story.txt":
            self._send(200, b"Bridge reopens\n\nTraffic flows again.", "text/plain")
        elif self.path == "/page":
            body = (FIXTURES / "pages" / "harbour-strike.html").read_bytes()
            self._send(200, body, "text/html")
        elif self.path == "/unsized":
            # No Content-Length: the limit must hold while reading.
            self._send(200, b"x" * 5000, "text/plain", length=False)
        elif self.path == "/missing":
            self._send(404, b"no", "text/plain")
        elif self.path == "/busy":
            self._send(503, b"later", "text/plain")
        elif self.path == "/slow":
            time.sleep(1.0)
            self._send(200, b"late", "text/plain")
        elif self.path == "/to-ftp":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/file.txt")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._send(404, b"", "text/plain")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _read(url: str, **kw: object) -> list[object]:
    return list(read_sources([SourceSpec(path=None, url=url)], allow_network=True, **kw))  # type: ignore[arg-type]


def test_feed_over_http(server: str) -> None:
    recs = _read(f"{server}/feed")
    assert len(recs) == 3
    first = recs[0]
    assert isinstance(first, ArticleRecord) and first.format == "rss"
    assert first.source_id == "hg-2025-0311"


def test_text_and_html_documents_use_the_url_as_id(server: str) -> None:
    [story] = _read(f"{server}/story.txt")
    assert isinstance(story, ArticleRecord)
    assert story.source_id == f"{server}/story.txt" and story.source == "127-0-0-1"
    assert story.title == "Bridge reopens" and story.url == story.source_id
    [page] = _read(f"{server}/page")
    assert isinstance(page, ArticleRecord) and page.format == "html"
    assert "412 of its 530 members" in page.text


def test_size_limit(server: str) -> None:
    with pytest.raises(SourceError) as err:
        _read(f"{server}/feed", max_bytes=100)
    assert err.value.code == "S008"
    with pytest.raises(SourceError) as err:
        _read(f"{server}/unsized", max_bytes=1000)
    assert err.value.code == "S008"


@pytest.mark.parametrize(("path", "retryable"), [("/missing", False), ("/busy", True)])
def test_http_errors_say_whether_to_retry(server: str, path: str, retryable: bool) -> None:
    with pytest.raises(SourceError) as err:
        _read(server + path)
    assert err.value.code == "S006"
    assert err.value.retryable is retryable


def test_timeout_is_retryable(server: str) -> None:
    started = time.monotonic()
    with pytest.raises(SourceError) as err:
        _read(f"{server}/slow", timeout=0.2)
    assert err.value.retryable is True
    assert time.monotonic() - started < 0.9


def test_only_http_schemes(server: str) -> None:
    with pytest.raises(SourceError) as err:
        fetch_url(f"{server}/to-ftp")
    assert err.value.code == "S007"
    with pytest.raises(SourceError) as err:
        read_sources([SourceSpec(path=None, url="file:///etc/hostname")], allow_network=True)
    assert err.value.code == "S007"


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "c.pem", tmp_path / "k.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def test_tls_certificates_are_verified(tmp_path: Path) -> None:
    cert_file, key_file = _self_signed(tmp_path)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert_file, key_file)
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(SourceError) as err:
            fetch_url(f"https://127.0.0.1:{httpd.server_address[1]}/story.txt", timeout=5)
        assert err.value.code == "S006"
        assert "CERTIFICATE_VERIFY_FAILED" in str(err.value) or "certificate" in str(err.value)
        assert err.value.retryable is False
    finally:
        httpd.shutdown()
        httpd.server_close()
