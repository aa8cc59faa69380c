"""Fetching one document over HTTP(S): off unless the caller allows network use."""

from __future__ import annotations

import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.client import HTTPMessage
from typing import IO

from transforms.sources.errors import FETCH_FAILED, TOO_LARGE, URL_REJECTED, SourceError

DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
ALLOWED_SCHEMES = frozenset({"http", "https"})
USER_AGENT = "newsledger/0.1 (+batch news ETL)"
# HTTP statuses worth retrying later: the server may recover.
RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class FetchedDocument:
    url: str  # final URL after redirects
    data: bytes
    content_type: str | None  # media type without parameters, lower case


def check_url(url: str) -> None:
    """Only absolute http(s) URLs; anything else (file:, ftp:) is refused."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not parts.netloc:
        raise SourceError(
            URL_REJECTED, f"{url}: only absolute http:// and https:// URLs can be fetched", path=url
        )


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s): urllib would also follow one to ftp."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_url(
    url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES
) -> FetchedDocument:
    """GET one URL with certificate verification always on and a size limit."""
    check_url(url)
    # The default context verifies certificates and host names; never loosen it.
    context = ssl.create_default_context()
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=context), _SafeRedirects()
    )
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise SourceError(
                    TOO_LARGE,
                    f"{url}: {int(length):,} bytes exceeds the {max_bytes:,}-byte limit",
                    path=url,
                )
            data = response.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise SourceError(
                    TOO_LARGE, f"{url}: body exceeds the {max_bytes:,}-byte limit", path=url
                )
            ctype = response.headers.get_content_type() if response.headers else None
            return FetchedDocument(url=response.geturl(), data=data, content_type=ctype)
    except urllib.error.HTTPError as exc:
        raise SourceError(
            FETCH_FAILED,
            f"{url}: HTTP {exc.code} {exc.reason}",
            path=url,
            retryable=exc.code in RETRYABLE_STATUS,
        ) from exc
    except urllib.error.URLError as exc:
        # A certificate failure will not fix itself by retrying.
        retry = not isinstance(exc.reason, ssl.SSLError)
        raise SourceError(
            FETCH_FAILED, f"{url}: cannot fetch ({exc.reason})", path=url, retryable=retry
        ) from exc
    except TimeoutError as exc:
        raise SourceError(
            FETCH_FAILED, f"{url}: timed out after {timeout:g} s", path=url, retryable=True
        ) from exc
