"""A throwaway PostgreSQL server for tests and benchmarks (pytest-postgresql's executor).

Debian's server binaries live in ``/usr/lib/postgresql/<version>/bin``; the newest installed
is used unless ``BATON_PG_BIN`` names a directory. PostgreSQL refuses to run as root, so when
we are root every server command runs as the ``postgres`` system user (``setpriv``), in a
directory that user owns. The data directory lives in a fresh temporary directory that is
removed on exit, and the server is stopped on exit even when the block raised.

```python
with throwaway_postgres() as url:   # postgresql+psycopg://postgres@127.0.0.1:PORT/baton
    migrate(url)
```
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def postgres_bin() -> Path:
    configured = os.environ.get("BATON_PG_BIN")
    if configured:
        return Path(configured)
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3])
    )
    if not versions:
        raise RuntimeError(
            "Expected PostgreSQL server binaries in /usr/lib/postgresql/*/bin "
            "(apt-get install postgresql), or BATON_PG_BIN naming their directory"
        )
    return versions[-1].parent


def _pg_ctl(directory: Path, bin_dir: Path) -> str:
    """pg_ctl itself, or when we are root a wrapper that runs it as the postgres user."""
    pg_ctl = bin_dir / "pg_ctl"
    if os.geteuid() != 0:
        return str(pg_ctl)
    user = pwd.getpwnam("postgres")
    wrapper = directory / "pg_ctl"
    wrapper.write_text(
        "#!/bin/sh\n"
        f"exec setpriv --reuid={user.pw_uid} --regid={user.pw_gid} --clear-groups "
        f'"{pg_ctl}" "$@"\n'
    )
    wrapper.chmod(stat.S_IRWXU)
    os.chown(directory, user.pw_uid, user.pw_gid)
    return str(wrapper)


@contextmanager
def throwaway_postgres(*, fsync: bool = False, dbname: str = "baton") -> Iterator[str]:
    """Start a server on a free loopback port, create ``dbname``, yield its URL; stop and
    delete everything on exit. ``fsync=False`` (the default) trades durability for speed."""
    from pytest_postgresql.executors import PostgreSQLExecutor
    from pytest_postgresql.janitor import DatabaseJanitor

    directory = Path(tempfile.mkdtemp(prefix="baton-pg-"))
    # The postgres user must reach the directory: /tmp is world-searchable, mkdtemp is 0700.
    directory.chmod(0o755)
    executor: PostgreSQLExecutor | None = None
    stack = ExitStack()
    try:
        port = free_port()
        executor = PostgreSQLExecutor(
            executable=_pg_ctl(directory, postgres_bin()),
            host="127.0.0.1",
            port=port,
            datadir=str(directory / "data"),
            unixsocketdir=str(directory),
            logfile=str(directory / "server.log"),
            startparams="-w",
            dbname=dbname,
            user="postgres",
            postgres_options="" if fsync else "-c fsync=off -c synchronous_commit=off",
        )
        executor.start()
        watchdog = _watchdog(executor.executable, executor.datadir)
        stack.callback(watchdog.wait)
        stack.callback(watchdog.kill)
        with DatabaseJanitor(user="postgres", host="127.0.0.1", port=port, dbname=dbname):
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/{dbname}"
    finally:
        try:
            stack.close()
            if executor is not None and executor.running():
                executor.stop()
        finally:
            shutil.rmtree(directory, ignore_errors=True)


def _watchdog(pg_ctl: str, datadir: str) -> subprocess.Popen[bytes]:
    """A tiny process that stops the server if we die without stopping it (killed by a
    timeout, say): pg_ctl detaches the server, so it would otherwise outlive us."""
    script = (
        f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 1; done; "
        f'"$0" stop -D "$1" -m immediate >/dev/null 2>&1; rm -rf "$(dirname "$1")"'
    )
    return subprocess.Popen(
        ["sh", "-c", script, pg_ctl, datadir],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
