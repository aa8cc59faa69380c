"""Vendor the static files GX Data Docs load from CDNs (a dev-time tool).

Great Expectations writes Data Docs pages that load Bootstrap, jQuery,
bootstrap-table, Font Awesome, Vega and more from CDNs, so offline the pages
are unstyled and their validation list stays empty. This script takes the
exact files from their npm packages (``npm pack``, the ordinary npm client)
and the GX logo from the installed ``great_expectations`` PyPI package, and
writes them with their licences and ``manifest.json`` (CDN URL, package,
version, file, sha256) to ``expectations/docs_assets/``. Nothing is fetched at
run time: ``expectations.docs_assets`` copies these files into each Data Docs
site and points the pages at them.

Run from the repository root when GX changes its CDN links:

    python3 tests/tools/vendor_docs_assets.py

``tests/expectations/test_docs_offline.py`` fails when a generated page links
a CDN URL that the manifest does not cover.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "expectations" / "docs_assets"

# (CDN URL in GX's pages, npm package, version, file inside the package)
ASSETS = [
    ("https://code.jquery.com/jquery-3.7.1.min.js", "jquery", "3.7.1", "dist/jquery.min.js"),
    (
        "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css",
        "bootstrap",
        "4.3.1",
        "dist/css/bootstrap.min.css",
    ),
    (
        "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js",
        "bootstrap",
        "4.3.1",
        "dist/js/bootstrap.min.js",
    ),
    (
        "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js",
        "popper.js",
        "1.12.9",
        "dist/umd/popper.min.js",
    ),
    (
        "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css",
        "@forevolve/bootstrap-dark",
        "1.1.0",
        "dist/css/bootstrap-prefers-dark.css",
    ),
    (
        "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css",
        "bootstrap-datepicker",
        "1.9.0",
        "dist/css/bootstrap-datepicker.min.css",
    ),
    (
        "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js",
        "bootstrap-datepicker",
        "1.9.0",
        "dist/js/bootstrap-datepicker.min.js",
    ),
    (
        "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css",
        "bootstrap-table",
        "1.19.1",
        "dist/bootstrap-table.min.css",
    ),
    (
        "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js",
        "bootstrap-table",
        "1.19.1",
        "dist/bootstrap-table.min.js",
    ),
    (
        "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js",
        "bootstrap-table",
        "1.19.1",
        "dist/extensions/filter-control/bootstrap-table-filter-control.min.js",
    ),
    # GX links the 1.19.0 stylesheet of the extension (unminified on some pages);
    # 1.19.1's is the same extension one patch later, and what its script expects.
    (
        "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css",
        "bootstrap-table",
        "1.19.1",
        "dist/extensions/filter-control/bootstrap-table-filter-control.min.css",
    ),
    (
        "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css",
        "bootstrap-table",
        "1.19.1",
        "dist/extensions/filter-control/bootstrap-table-filter-control.min.css",
    ),
    (
        "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css",
        "@fortawesome/fontawesome-free",
        "6.6.0",
        "css/all.min.css",
    ),
    ("https://cdn.jsdelivr.net/npm/vega@5", "vega", "5.33.1", "build/vega.min.js"),
    ("https://cdn.jsdelivr.net/npm/vega-lite@5", "vega-lite", "5.23.0", "build/vega-lite.min.js"),
    (
        "https://cdn.jsdelivr.net/npm/vega-embed@6",
        "vega-embed",
        "6.29.0",
        "build/vega-embed.min.js",
    ),
]
# Font Awesome's stylesheet loads its fonts from ../webfonts/; browsers take woff2.
EXTRA_FILES = {
    ("@fortawesome/fontawesome-free", "6.6.0"): [
        f"webfonts/fa-{name}.woff2"
        for name in ("brands-400", "regular-400", "solid-900", "v4compatibility")
    ]
}
# The logo GX links from its own web host ships inside the GX package.
GX_LOGO_URL_PREFIX = (
    "https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png"
)
LICENCE_NAMES = ("LICENSE", "LICENSE.txt", "LICENSE.md", "LICENCE")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _pack(package: str, version: str, work: Path) -> Path:
    out = subprocess.run(
        ["npm", "pack", f"{package}@{version}", "--silent"],
        cwd=work,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    unpacked = work / f"{package.replace('/', '_')}-{version}"
    with tarfile.open(work / out) as tar:
        tar.extractall(unpacked, filter="data")
    return unpacked / "package"


def _licence(pkg_dir: Path, dest: Path) -> str:
    for name in LICENCE_NAMES:
        if (pkg_dir / name).is_file():
            shutil.copy(pkg_dir / name, dest / "LICENSE")
            return "LICENSE"
    meta = json.loads((pkg_dir / "package.json").read_text(encoding="utf-8"))
    (dest / "LICENSE").write_text(
        f"{meta['name']} {meta['version']}: licence {meta.get('license')} (from its "
        "package.json; the package ships no licence file; the notice is in the file's "
        "header comment).\n",
        encoding="utf-8",
    )
    return "LICENSE"


def main() -> int:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    entries = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        packed: dict[tuple[str, str], Path] = {}
        for url, package, version, file in ASSETS:
            key = (package, version)
            if key not in packed:
                packed[key] = _pack(package, version, work)
                dest = OUT / package.replace("@", "").replace("/", "_") / version
                dest.mkdir(parents=True, exist_ok=True)
                _licence(packed[key], dest)
                for extra in EXTRA_FILES.get(key, []):
                    (dest / extra).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(packed[key] / extra, dest / extra)
            dest = OUT / package.replace("@", "").replace("/", "_") / version
            (dest / file).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(packed[key] / file, dest / file)
            local = (dest / file).relative_to(OUT)
            entries.append(
                {
                    "url": url,
                    "source": f"npm:{package}@{version}",
                    "file": str(local),
                    "sha256": _sha256(dest / file),
                }
            )
        for (package, version), files in EXTRA_FILES.items():
            dest = OUT / package.replace("@", "").replace("/", "_") / version
            for extra in files:
                entries.append(
                    {
                        "url": None,
                        "source": f"npm:{package}@{version}",
                        "file": str((dest / extra).relative_to(OUT)),
                        "sha256": _sha256(dest / extra),
                    }
                )
    import great_expectations as gx

    gx_static = Path(gx.__file__).parent / "render" / "view" / "static" / "images"
    dest = OUT / "great_expectations" / gx.__version__
    dest.mkdir(parents=True)
    shutil.copy(gx_static / "logo-long.png", dest / "logo-long.png")
    (dest / "LICENSE").write_text(
        f"great_expectations {gx.__version__} (PyPI): Apache License 2.0; the logo is from "
        "the package's render/view/static/images.\n",
        encoding="utf-8",
    )
    entries.append(
        {
            "url": GX_LOGO_URL_PREFIX,
            "source": f"pypi:great_expectations=={gx.__version__}",
            "file": str((dest / "logo-long.png").relative_to(OUT)),
            "sha256": _sha256(dest / "logo-long.png"),
        }
    )
    (OUT / "manifest.json").write_text(json.dumps(entries, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(entries)} files to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
