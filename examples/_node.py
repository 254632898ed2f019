"""What the examples' end-to-end tests and benchmarks share: a real `baton run` in its own
process (free ports, a data directory of the caller's), deploying an example's files through
the public gRPC API, and waiting on conditions with a deadline.

Nothing here is needed to *run* an example: `make run` and `baton examples run NAME` do that.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import httpx
from pyzeebe import ZeebeClient

EXAMPLES = Path(__file__).resolve().parent
BATON = Path(sys.executable).with_name("baton")
RESOURCE_SUFFIXES = (".bpmn", ".dmn", ".form")

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class BatonNode:
    """`baton run --no-examples` as a subprocess. `start()` waits until it is ready; `kill()`
    is SIGKILL (a crash), `stop()` SIGTERM (a clean stop); `start()` again reuses the same
    data directory and ports."""

    def __init__(
        self,
        data_dir: Path,
        *,
        partitions: int = 1,
        controlled_clock: bool = False,
        kafka: str | None = None,
    ) -> None:
        """`kafka` (a bootstrap address) turns on the Kafka audit exporter;
        `controlled_clock` lets `PUT /v2/clock` move the node's time."""
        self.data_dir = data_dir
        self.partitions = partitions
        self.controlled_clock = controlled_clock
        self.kafka = kafka
        self.grpc_port = free_port()
        self.http_port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._log = data_dir.parent / f"{data_dir.name}-baton.log"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.grpc_port}"

    @property
    def rest(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/v2"

    def start(self, ready_within_s: float = 30.0) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        command = [
            str(BATON),
            "run",
            "--data-dir",
            str(self.data_dir),
            "--grpc-port",
            str(self.grpc_port),
            "--http-port",
            str(self.http_port),
            "--partitions",
            str(self.partitions),
            "--no-examples",
        ]
        env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
        if self.kafka is not None:
            env["BATON_KAFKA_BOOTSTRAP_SERVERS"] = self.kafka  # the audit exporter
        if self.controlled_clock:
            env["BATON_CONTROLLED_CLOCK"] = "true"
        with self._log.open("ab") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=log, env=env, cwd=EXAMPLES.parent
            )
        deadline = time.monotonic() + ready_within_s
        url = f"http://127.0.0.1:{self.http_port}/health/ready"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"baton run exited {self.process.returncode}: {self.output()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url, timeout=1.0).status_code == 200:
                    return
            time.sleep(0.05)
        self.kill()
        raise TimeoutError(f"baton run was not ready within {ready_within_s} s: {self.output()}")

    def output(self) -> str:
        try:
            return self._log.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None

    def __enter__(self) -> BatonNode:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def example_files(name: str) -> list[Path]:
    """The BPMN, DMN and form files of one example, in a stable order (forms and decisions
    before the processes that use them)."""
    directory = EXAMPLES / name
    files = [p for p in directory.iterdir() if p.suffix in RESOURCE_SUFFIXES]
    return sorted(files, key=lambda p: (RESOURCE_SUFFIXES.index(p.suffix) * -1, p.name))


async def deploy_example(client: ZeebeClient, name: str) -> None:
    """Deploys every BPMN, DMN and form file of the example in one deployment."""
    await client.deploy_resource(*[str(p) for p in example_files(name)])


async def wait_for(
    check: Callable[[], T | Awaitable[T | None] | None],
    *,
    timeout_s: float,
    what: str,
    every_s: float = 0.05,
) -> T:
    """Polls `check` until it returns something truthy; TimeoutError naming `what` after
    `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = check()
        if asyncio.iscoroutine(result) or isinstance(result, Awaitable):
            result = await result
        if result:
            return result  # type: ignore[return-value]
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout_s} s for {what}")
        await asyncio.sleep(every_s)


async def instance_ended(node: BatonNode, process_instance_key: int) -> bool:
    """True when the instance is no longer active (completed or cancelled). Asks harmlessly:
    an empty variables document set on the instance's scope is accepted while it is active
    and NOT_FOUND once it has ended (`PUT /v2/element-instances/{key}/variables`)."""
    async with httpx.AsyncClient(timeout=10) as http:
        response = await http.put(
            f"{node.rest}/element-instances/{process_instance_key}/variables",
            json={"variables": {}},
        )
    if response.status_code == 404:
        return True
    response.raise_for_status()
    return False


__all__ = [
    "BATON",
    "EXAMPLES",
    "BatonNode",
    "deploy_example",
    "example_files",
    "free_port",
    "instance_ended",
    "wait_for",
]
