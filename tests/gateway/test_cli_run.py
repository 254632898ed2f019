"""`baton run` as users run it: a real subprocess that becomes ready, answers Topology over
gRPC and the HTTP probes, and stops with exit status 0 on SIGTERM or SIGINT; bad flags and
bad configuration fail at once with a clear message."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import httpx
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

from tests.gateway.test_gateway_harness import free_port

BATON = Path(sys.executable).with_name("baton")


def _wait_ready(process: subprocess.Popen[str], grpc_port: int, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    with grpc.insecure_channel(f"127.0.0.1:{grpc_port}") as channel:
        health = health_pb2_grpc.HealthStub(channel)
        request = health_pb2.HealthCheckRequest(service="gateway_protocol.Gateway")
        while time.monotonic() < deadline:
            assert process.poll() is None, process.communicate()[1]
            try:
                if (
                    health.Check(request, timeout=1).status
                    == health_pb2.HealthCheckResponse.SERVING
                ):
                    return
            except grpc.RpcError:
                pass
            time.sleep(0.05)
    raise AssertionError("baton run did not become ready")


@pytest.fixture
def ports() -> tuple[int, int]:
    return free_port(), free_port()


@pytest.fixture
def run_args() -> list[str]:
    return []


@pytest.fixture
def baton_run(
    tmp_path: Path, ports: tuple[int, int], run_args: list[str]
) -> Iterator[subprocess.Popen[str]]:
    grpc_port, http_port = ports
    env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
    env["BATON_HOST"] = "127.0.0.1"
    process = subprocess.Popen(
        [
            str(BATON),
            "run",
            "--data-dir",
            str(tmp_path / "data"),
            "--grpc-port",
            str(grpc_port),
            "--http-port",
            str(http_port),
            *run_args,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


@pytest.mark.parametrize(
    ("sig", "run_args"),
    [(signal.SIGTERM, []), (signal.SIGINT, ["--log-format", "json"])],
)
def test_run_serves_until_a_signal_then_exits_0(
    baton_run: subprocess.Popen[str],
    ports: tuple[int, int],
    sig: signal.Signals,
    run_args: list[str],
) -> None:
    grpc_port, http_port = ports
    _wait_ready(baton_run, grpc_port)
    with grpc.insecure_channel(f"127.0.0.1:{grpc_port}") as channel:
        topology = GatewayStub(channel).Topology(pb.TopologyRequest(), timeout=5)
    assert topology.partitionsCount == 1
    assert httpx.get(f"http://127.0.0.1:{http_port}/health/ready").status_code == 200
    baton_run.send_signal(sig)
    _, err = baton_run.communicate(timeout=30)
    assert baton_run.returncode == 0, err
    if run_args:  # JSON: every line is one object
        entries = [json.loads(line) for line in err.splitlines()]
        assert {"time", "level", "logger", "message"} <= set(entries[0])
        err = "\n".join(entry["message"] for entry in entries)
    assert f"listening on 127.0.0.1:{grpc_port}" in err
    # (Deploying examples/ follows readiness and may still be running when the signal comes:
    # test_gateway_harness.py checks that every shipped example deploys.)
    assert "ready" in err and "stopped" in err


def test_a_port_in_use_fails_with_exit_1(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [
                str(BATON),
                "run",
                "--data-dir",
                str(tmp_path),
                "--grpc-port",
                str(port),
                "--http-port",
                str(free_port()),
                "--no-examples",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "BATON_HOST": "127.0.0.1"},
        )
    assert result.returncode == 1
    assert f"cannot start: Expected to listen for gRPC on 127.0.0.1:{port}" in result.stderr


@pytest.mark.parametrize(
    ("flag", "value", "says"),
    [
        ("--grpc-port", "not-a-port", "'not-a-port' is not a port number"),
        ("--http-port", "70000", "70000 is not a port number"),
        ("--grpc-port", "0", "0 is not a port number"),
        ("--partitions", "0", "0 is out of range"),
        ("--partitions", "9" * 400, "is out of range"),
        ("--partitions", "two", "'two' is not a whole number"),
    ],
)
def test_run_rejects_bad_arguments_with_usage_error(flag: str, value: str, says: str) -> None:
    result = subprocess.run([str(BATON), "run", flag, value], capture_output=True, text=True)
    assert result.returncode == 2
    assert says in result.stderr


def test_a_bad_config_file_fails_before_starting(tmp_path: Path) -> None:
    config = tmp_path / "baton.toml"
    config.write_text('grpc_port = "twelve"\n')
    result = subprocess.run(
        [str(BATON), "run", "--config", str(config), "--data-dir", str(tmp_path / "d")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert f"baton run: {config}: 'grpc_port': 'twelve' is not a port number" in result.stderr
    assert not (tmp_path / "d").exists()


def test_a_bad_environment_variable_fails_before_starting(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(BATON), "run", "--data-dir", str(tmp_path / "d")],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "BATON_PARTITIONS": "-3"},
    )
    assert result.returncode == 2
    assert "environment variable BATON_PARTITIONS: -3 is out of range" in result.stderr


def test_no_command_prints_usage() -> None:
    result = subprocess.run([str(BATON)], capture_output=True, text=True)
    assert result.returncode == 2
    assert "usage: baton" in result.stderr


def test_sigterm_during_a_long_poll_still_stops_promptly(
    baton_run: subprocess.Popen[str], ports: tuple[int, int]
) -> None:
    grpc_port, _ = ports
    _wait_ready(baton_run, grpc_port)
    with grpc.insecure_channel(f"127.0.0.1:{grpc_port}") as channel:
        request = pb.ActivateJobsRequest(
            type="never", worker="w", timeout=1000, maxJobsToActivate=1, requestTimeout=60_000
        )
        polling = GatewayStub(channel).ActivateJobs(request, timeout=90)
        time.sleep(0.5)  # the poll is parked in the gateway
        started = time.monotonic()
        baton_run.send_signal(signal.SIGTERM)
        _, err = baton_run.communicate(timeout=30)
        assert baton_run.returncode == 0, err
        assert time.monotonic() - started < 10
        with pytest.raises(grpc.RpcError) as ended:
            list(polling)
        assert ended.value.code() in (grpc.StatusCode.CANCELLED, grpc.StatusCode.UNAVAILABLE)
