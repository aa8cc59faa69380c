"""Byte decoding, junk detection and HTML-to-text helpers shared by the readers."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

# A text is binary junk when more than this share of its characters are control
# characters (other than ordinary whitespace) or replacement characters.
BINARY_CONTROL_SHARE = 0.10
# Unicode category Cc (C0 and C1 controls) minus \t \n \v \f \r, plus U+FFFD.
_BAD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")

_UTF8_BOM = b"\xef\xbb\xbf"
_NUL = b"\x00"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?<(?:!doctype\s+html|html)\b", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(?:p|div|span|br|a|b|i|em|strong|html|body|head|title|script|style|table|tr|td|"
    r"li|ul|ol|h[1-6]|img|meta|link|nav|footer|header|article|section)\b[^>]*>",
    re.IGNORECASE,
)
# "Lots of tags": at least this many tags and this share of the text inside them.
HTML_MIN_TAGS = 5
HTML_MIN_MARKUP_SHARE = 0.05


def decode_bytes(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Decode file bytes and say how. The result is the text we store.

    A UTF-8 byte-order mark is removed (it is an encoding artefact, not text, and
    keeping it would shift every offset by one for tools that drop it). Invalid
    UTF-8 falls back to cp1252 (Windows/Latin-1 news exports), then Latin-1,
    which never fails.
    """
    if data.startswith(_UTF8_BOM):
        try:
            return data[len(_UTF8_BOM) :].decode("utf-8"), ("UTF-8 byte-order mark removed",)
        except UnicodeDecodeError:
            data = data[len(_UTF8_BOM) :]
    elif data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16"), ("decoded as UTF-16",)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), ("decoded as cp1252",)
    except UnicodeDecodeError:
        return data.decode("latin-1"), ("decoded as latin-1",)


def binary_reason(data: bytes, text: str) -> str | None:
    """Why the content is binary junk rather than text, or None when it is text."""
    if b"\x00" in data and not data.startswith(_UTF16_BOMS):
        return f"contains NUL bytes (first at byte {data.index(_NUL)})"
    if not text:
        return None
    bad = len(_BAD_CHARS.findall(text))
    share = bad / len(text)
    if share > BINARY_CONTROL_SHARE:
        return f"{share:.0%} of characters are control characters"
    return None


def looks_like_html(text: str) -> bool:
    """True for an HTML document or text with lots of HTML tags."""
    if _HTML_START.match(text[:2048]):
        return True
    tags = _HTML_TAG.findall(text)
    if len(tags) < HTML_MIN_TAGS:
        return False
    return sum(len(t) for t in tags) / max(len(text), 1) >= HTML_MIN_MARKUP_SHARE


class _TextCollector(HTMLParser):
    """Collects visible text; block elements become line breaks."""

    _BLOCK = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "table",
            "blockquote",
            "section",
            "article",
            "header",
            "footer",
            "pre",
            "figure",
            "figcaption",
        }
    )
    _SKIP = frozenset({"script", "style", "noscript", "template", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip_depth += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (feed summaries): paragraphs on their own lines.

    Feed snippets are too short for trafilatura's boilerplate model, which would
    often return nothing, so a plain tag stripper is used here.
    """
    if "<" not in fragment:
        return html.unescape(fragment).strip()
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).split("\n"))
    return "\n".join(line for line in lines if line)
