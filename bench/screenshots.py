"""Screenshots for docs/operations.md, taken in headless Chromium (a documented
script, not a test: it needs a few minutes and a Prefect server).

    python3 bench/screenshots.py [--out docs/img] [--api http://127.0.0.1:4200/api]

Without ``--api`` (a server whose UI knows its API URL) it starts
``prefect server start`` on a free port with a temporary PREFECT_HOME and
stops it at the end. It then makes the runs the
pictures show, all on our own small inputs:

1. a load of the sample articles plus an empty file (quarantined on read):
   its run page, its summary artifact and its quarantine artifact;
2. a failed run: the same sources loaded again with ``--reprocess`` by a CLI
   whose money extractor has an injected bug, so the load fails with E001 and
   its run page shows the failure;
3. the load's Data Docs opened by ``file://`` with the network off.

Needs Debian's ``chromium`` (``apt-get install -y chromium``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "newsledger" / "samples"
NEWSLEDGER = [sys.executable, "-c", "from newsledger.cli import app; app()"]
# The same CLI with a bug in the money extractor: the failed run to show.
BUGGY = [
    sys.executable,
    "-c",
    "import transforms.extract as ex\n"
    "def broken(*args, **kwargs):\n"
    "    raise KeyError('injected bug in extract_money')\n"
    "ex.extract_money = broken\n"
    "from newsledger.cli import app\n"
    "app()\n",
]
WINDOW = "1400,1000"
# Run pages: tall enough to show the flow's log down to the reconciliation.
RUN_PAGE_WINDOW = "1400,1250"
# The Prefect UI is a single-page app: give it this long to fetch and render.
UI_RENDER_MS = 20000
SERVER_START_TIMEOUT = 180.0
OFFLINE_FLAGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(home: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_API_URL": api,  # the UI in the browser talks to this server
    }
    proc = subprocess.Popen(
        ["prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{api}/health", timeout=2) as resp:
                if resp.status == 200:
                    return proc, api
        except OSError:
            time.sleep(1)
    proc.kill()
    raise SystemExit("the Prefect server did not start")


def _cli(
    args: list[str], env: dict[str, str], command: list[str] = NEWSLEDGER
) -> subprocess.CompletedProcess[str]:
    res = subprocess.run([*command, *args], env=env, capture_output=True, text=True)
    print(res.stderr.strip().splitlines()[-1] if res.stderr.strip() else "", file=sys.stderr)
    return res


def shoot(
    url: str,
    out: Path,
    *,
    offline: bool = False,
    budget_ms: int = UI_RENDER_MS,
    window: str = WINDOW,
) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium is not installed: apt-get install -y chromium")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--window-size={window}",
                f"--virtual-time-budget={budget_ms}",
                *(OFFLINE_FLAGS if offline else []),
                f"--screenshot={out}",
                url,
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    print(f"wrote {out}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--api", help="PREFECT_API_URL of a running server")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="newsledger-shots-"))
    server = None
    api = args.api
    if api is None:
        server, api = _start_server(work / "prefect-home")
    try:
        env = {**os.environ, "PREFECT_API_URL": api, "NEWSLEDGER_LOG_DIR": str(work / "log")}
        news = work / "desk"
        shutil.copytree(SAMPLES, news)
        (news / "empty.txt").write_text("", encoding="utf-8")
        wh = work / "newsroom.sqlite"
        _cli(["run", str(news), "-w", str(wh), "--workers", "1"], env)
        _cli(["run", str(news), "-w", str(wh), "--workers", "0", "--reprocess"], env, BUGGY)
        _shoot_ui(api, args.out)
        shoot(
            (work / "newsroom_docs" / "index.html").as_uri(),
            args.out / "data-docs-offline.png",
            offline=True,
            budget_ms=5000,
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
    return 0


def _shoot_ui(api: str, out: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
    from prefect.client.schemas.sorting import FlowRunSort
    from prefect.settings import PREFECT_API_URL, temporary_settings

    ui = api.removesuffix("/api")
    with temporary_settings({PREFECT_API_URL: api}), get_client(sync_client=True) as client:
        runs = client.read_flow_runs(sort=FlowRunSort.START_TIME_ASC, limit=10)
        loads = [r for r in runs if r.name.startswith("newsroom load")]
        ok = next(
            r for r in loads if r.state_type is not None and r.state_type.value == "COMPLETED"
        )
        failed = next(
            r for r in loads if r.state_type is not None and r.state_type.value == "FAILED"
        )
        arts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[ok.id]))
        )
    shoot(f"{ui}/runs/flow-run/{ok.id}", out / "prefect-run.png", window=RUN_PAGE_WINDOW)
    for art in arts:
        if art.key and art.key.endswith("-summary"):
            shoot(f"{ui}/artifacts/artifact/{art.id}", out / "prefect-summary.png")
        if art.key and art.key.endswith("-quarantine"):
            shoot(f"{ui}/artifacts/artifact/{art.id}", out / "prefect-quarantine.png")
    shoot(f"{ui}/runs/flow-run/{failed.id}", out / "prefect-failed-run.png", window="1400,1300")


if __name__ == "__main__":
    sys.exit(main())
