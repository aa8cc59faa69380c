"""Data Docs readable offline: the vendored assets, the rewritten pages, and a
headless Chromium with the network off that must see the validation results.

Chromium (Debian's ``chromium`` package, installed by .ci/run) loads the site
by ``file://`` with every host name unresolvable and a dead proxy, runs its
scripts and dumps the DOM; the validation results table is filled by those
scripts (jQuery + bootstrap-table), so its rows exist only when the local
copies loaded. The same page with its CDN links put back must stay empty:
the check can fail.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from expectations.offline_docs import ASSETS_DIR, external_links, manifest
from expectations.validate import validate_batch
from tests.expectations.batch import LOAD_ID, NOW
from tests.expectations.dirty import dirty_batch

# Rows the index's scripts render into the validation results table.
RESULT_ROW = re.compile(r"<tr[^>]*data-href=\"validations/[^\"]+\"[^>]*data-index=")
# No DNS, and a proxy that refuses: nothing leaves the machine.
OFFLINE_FLAGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
]
CHROMIUM_TIMEOUT = 120


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs it)")
        pytest.skip("chromium is not installed: apt-get install -y chromium")
    return found


def offline_dom(page: Path, tmp: Path) -> str:
    """The DOM of ``page`` after its scripts ran in headless Chromium, offline."""
    res = subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",  # CI runs as root
            "--disable-gpu",
            f"--user-data-dir={tmp / 'chromium-profile'}",
            *OFFLINE_FLAGS,
            "--virtual-time-budget=10000",
            "--dump-dom",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=CHROMIUM_TIMEOUT,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    return res.stdout


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("docs") / "site"
    tables, _ = dirty_batch()
    outcome = validate_batch(tables, load_id=LOAD_ID, now=NOW, docs_dir=docs)
    assert outcome.docs_index == docs / "index.html"
    return docs


def test_manifest_files_are_vendored_with_licences() -> None:
    entries = manifest()
    assert entries
    for entry in entries:
        path = ASSETS_DIR / str(entry["file"])
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"], path
        assert str(entry["source"]).startswith(("npm:", "pypi:"))
        package_dir = ASSETS_DIR / Path(*Path(str(entry["file"])).parts[:2])
        assert (package_dir / "LICENSE").is_file(), package_dir


def test_no_page_loads_anything_from_the_network(site: Path) -> None:
    pages = list(site.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        assert external_links(page.read_text(encoding="utf-8")) == [], page
    # Every link to a vendored file resolves inside the site.
    index = (site / "index.html").read_text(encoding="utf-8")
    local = re.findall(r"(?:src|href)=\"(static/vendor/[^\"]+)\"", index)
    assert len(local) >= 14
    assert all((site / link).is_file() for link in local)


def test_validation_results_list_is_filled_offline(site: Path, tmp_path: Path) -> None:
    dom = offline_dom(site / "index.html", tmp_path)
    rows = RESULT_ROW.findall(dom)
    # One row per validated table of the batch.
    assert len(rows) == len(list((site / "validations").iterdir())), dom[-3000:]


def test_the_same_page_with_cdn_links_is_empty_offline(site: Path, tmp_path: Path) -> None:
    """The control: the check sees the difference the vendored files make."""
    page = (site / "index.html").read_text(encoding="utf-8")
    for entry in manifest():
        if entry["url"]:
            page = page.replace(f"static/vendor/{entry['file']}", str(entry["url"]))
    online = site / "index_cdn.html"
    online.write_text(page, encoding="utf-8")
    try:
        dom = offline_dom(online, tmp_path)
    finally:
        online.unlink()
    assert RESULT_ROW.findall(dom) == []
