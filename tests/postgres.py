"""A throwaway PostgreSQL server for tests: initdb in a temp dir, started on a free port.

Real server binaries (Debian's ``postgresql`` package, which ``.ci/run``
installs); no mock. When they are missing the tests that need a server skip,
unless ``NEWSLEDGER_REQUIRE_POSTGRES=1`` (set by ``.ci/run``): then they fail.
PostgreSQL refuses to run as root, so under root the server runs as the
``postgres`` user the package creates.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REQUIRE_ENV = "NEWSLEDGER_REQUIRE_POSTGRES"
# A cold start of the server on a loaded 2-core machine can take many seconds.
START_TIMEOUT_SECONDS = 60


def _bin_dir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


def skip_or_fail(why: str) -> None:
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"PostgreSQL is required ({REQUIRE_ENV}=1) but {why}")
    pytest.skip(f"no PostgreSQL server: {why}")


@contextmanager
def postgres_server(root: Path) -> Iterator[str]:
    """Start a server in ``root``; yields the URL of an empty database ``newsledger``."""
    bindir = _bin_dir()
    if bindir is None:
        skip_or_fail("initdb is not installed (apt-get install postgresql)")
        raise AssertionError("unreachable")
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            skip_or_fail("running as root and there is no postgres user")
            raise AssertionError("unreachable") from None
    data, sock = root / "pgdata", root / "pgsock"
    root.chmod(0o755)
    sock.mkdir()
    if os.geteuid() == 0:
        os.chown(root, owner.pw_uid, owner.pw_gid)
        os.chown(sock, owner.pw_uid, owner.pw_gid)
    subprocess.run(
        _as_server_user(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    port = _free_port()
    opts = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={sock}"
    log = root / "server.log"
    subprocess.run(
        _as_server_user(
            [str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(log), "-w", "start"]
        ),
        check=True,
        capture_output=True,
        timeout=START_TIMEOUT_SECONDS,
    )
    try:
        import psycopg

        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while True:
            try:
                with psycopg.connect(
                    f"postgresql://postgres@127.0.0.1:{port}/postgres", autocommit=True
                ) as con:
                    con.execute("CREATE DATABASE newsledger")
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield f"postgresql://postgres@127.0.0.1:{port}/newsledger"
    finally:
        subprocess.run(
            _as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
            capture_output=True,
            timeout=START_TIMEOUT_SECONDS,
        )
