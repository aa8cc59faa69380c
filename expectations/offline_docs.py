"""Data Docs that work offline: local copies of the files GX loads from CDNs.

GX writes pages that load Bootstrap, jQuery, bootstrap-table, Font Awesome,
Vega and its logo from CDNs; offline (many newsroom and analyst machines) the
pages are unstyled and the list of validation results stays empty, because the
script that fills it never loads. The files are vendored, with their licences
and a manifest of package, version and sha256, in ``expectations/docs_assets/``
(``tests/tools/vendor_docs_assets.py`` takes them from their npm packages and
the GX package). After GX builds the site, ``localize_site`` copies them into
``<docs>/static/vendor/`` and points every page at those copies by a relative
link, so the site also works when its folder is moved or opened by ``file://``.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from functools import cache
from pathlib import Path

ASSETS_DIR = Path(__file__).parent / "docs_assets"
MANIFEST = ASSETS_DIR / "manifest.json"
# Where, inside a Data Docs site, the vendored files go (beside GX's own static/).
SITE_VENDOR_DIR = Path("static") / "vendor"


@cache
def manifest() -> tuple[dict[str, str | None], ...]:
    """The vendored files: ``url`` (the CDN link GX writes; None for files that
    only other files load, e.g. fonts), ``source``, ``file``, ``sha256``."""
    return tuple(json.loads(MANIFEST.read_text(encoding="utf-8")))


@cache
def _url_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern of a CDN link in a page, vendored file). A link may carry a query
    string (GX adds a cache-busting ``?d=...`` to its logo); it ends at a quote."""
    return tuple(
        (re.compile(re.escape(str(e["url"])) + r"(?:\?[^\"']*)?(?=[\"'])"), str(e["file"]))
        for e in manifest()
        if e["url"]
    )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_assets(site: Path) -> Path:
    """Copy the vendored files into ``site`` (only those missing or changed)."""
    target = site / SITE_VENDOR_DIR
    for entry in manifest():
        src, dest = ASSETS_DIR / str(entry["file"]), target / str(entry["file"])
        if dest.is_file() and _sha256(dest) == entry["sha256"]:
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)
        package_dir = Path(*Path(str(entry["file"])).parts[:2])  # <package>/<version>
        licence = ASSETS_DIR / package_dir / "LICENSE"
        if licence.is_file():
            shutil.copy2(licence, target / package_dir / "LICENSE")
    return target


def localize_page(page: Path, site: Path) -> bool:
    """Point one page's CDN links at the vendored copies; whether it changed."""
    html = page.read_text(encoding="utf-8")
    depth = len(page.parent.relative_to(site).parts)
    rel = Path(*([".."] * depth)) / SITE_VENDOR_DIR
    new = html
    for pattern, file in _url_patterns():
        new = pattern.sub((rel / file).as_posix(), new)
    if new == html:
        return False
    page.write_text(new, encoding="utf-8")
    return True


def localize_site(site: Path) -> int:
    """Make the Data Docs site under ``site`` self-contained; pages rewritten."""
    vendor = copy_assets(site)
    return sum(
        localize_page(page, site) for page in site.rglob("*.html") if vendor not in page.parents
    )


def external_links(html: str) -> list[str]:
    """``src``/``href`` links of a page that leave the site (stylesheets,
    scripts, images; plain anchors to web pages are not loaded and not listed)."""
    found = re.findall(r"<(?:script|link|img)\b[^>]*?(?:src|href)=\"(https?://[^\"]+)\"", html)
    return sorted(set(found))
