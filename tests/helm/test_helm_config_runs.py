"""The configuration the chart renders is the configuration Baton accepts: the ConfigMap's
baton.toml loads with `baton run`'s own loader for every tested value set, the tasklist
Secret's file loads with the tasklist's, and `baton run --config <rendered file>` starts,
becomes ready (`/health/ready` 200, also by the image's HEALTHCHECK command) and stops
cleanly on SIGTERM. /data is not writable here, so the data directory, the listen address
and the ports are overridden with `BATON_*` variables, as a pod's extraEnv would.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.config import load
from tasklist import load_settings
from tests.helm.test_helm_chart import (
    DOCKERFILE,
    PASSWORD_HASH,
    VALUE_SETS,
    baton_toml,
    manifests,
    tasklist_toml,
)

BATON = Path(sys.executable).with_name("baton")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _write_config(tmp_path: Path, values: dict[str, Any]) -> tuple[Path, Path | None]:
    objects = manifests(values)
    config = tmp_path / "baton.toml"
    config.write_text(baton_toml(objects))
    tasklist = None
    if any(o["kind"] == "Secret" for o in objects):
        tasklist = tmp_path / "tasklist.toml"
        tasklist.write_text(tasklist_toml(objects))
    return config, tasklist


@pytest.mark.parametrize("name", sorted(VALUE_SETS))
def test_rendered_config_loads_with_batons_loader(tmp_path: Path, name: str) -> None:
    values = VALUE_SETS[name]
    config_file, tasklist_file = _write_config(tmp_path, values)
    config = load({}, config_file=str(config_file), environ={})
    baton = values.get("baton", {})
    assert config.data_dir == "/data"
    assert config.host == "0.0.0.0"
    assert config.partitions == baton.get("partitions", 1)
    assert config.log_format == baton.get("logFormat", "json")
    assert config.no_examples is True
    assert config.grpc_port == values.get("ports", {}).get("grpc", 26500)
    assert config.http_port == values.get("ports", {}).get("http", 8080)
    if tasklist_file is not None:
        settings = load_settings(tasklist_file)
        tasklist = values.get("tasklist", {})
        assert set(settings.users) == set(tasklist.get("users", {}))
        assert settings.secure_cookies is tasklist.get("secureCookies", False)
        if name == "auth":
            assert settings.users["alice"].password_hash == PASSWORD_HASH
            assert settings.users["alice"].roles == ("admin",)
            assert settings.roles_of(("ops",)) == ("operator",)
            assert settings.oidc is not None
            assert settings.oidc.client_id == "baton"
            assert settings.oidc.client_secret == 's3cr"et\\with\nescapes'
            assert settings.secret_key == "k" * 40


def _healthcheck_command() -> list[str]:
    """The image's HEALTHCHECK, run with this interpreter in place of the image's python."""
    found = re.search(r"^HEALTHCHECK [^\n]*\\\n\s*CMD (\[.*\])$", DOCKERFILE.read_text(), re.M)
    assert found, "no HEALTHCHECK ... CMD [...] in the Dockerfile"
    command: list[str] = json.loads(found.group(1))
    assert command[0] == "python"
    return [sys.executable, *command[1:]]


@pytest.fixture
def node_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
    env.update(
        BATON_DATA_DIR=str(tmp_path / "data"),
        BATON_HOST="127.0.0.1",
        BATON_GRPC_PORT=str(_free_port()),
        BATON_HTTP_PORT=str(_free_port()),
    )
    yield env


def _wait_ready(process: subprocess.Popen[str], http_port: int, timeout_s: float = 40) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"baton run exited {process.returncode}: {process.communicate()}")
        try:
            if httpx.get(f"http://127.0.0.1:{http_port}/health/ready").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise AssertionError("baton run did not become ready")


@pytest.mark.parametrize("name", ["auth", "tuned"])
def test_baton_run_starts_with_the_rendered_config(
    tmp_path: Path, node_env: dict[str, str], name: str
) -> None:
    config_file, tasklist_file = _write_config(tmp_path, VALUE_SETS[name])
    if tasklist_file is not None:
        node_env["BATON_TASKLIST_CONFIG"] = str(tasklist_file)
    http_port = int(node_env["BATON_HTTP_PORT"])
    process = subprocess.Popen(
        [str(BATON), "run", "--config", str(config_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=node_env,
        cwd=tmp_path,
    )
    try:
        _wait_ready(process, http_port)
        assert httpx.get(f"http://127.0.0.1:{http_port}/health/live").status_code == 200
        topology = httpx.get(f"http://127.0.0.1:{http_port}/v2/topology").json()
        partitions = VALUE_SETS[name].get("baton", {}).get("partitions", 1)
        assert topology["partitionsCount"] == partitions
        healthcheck = subprocess.run(
            _healthcheck_command(),
            env={**node_env, "BATON_HTTP_PORT": str(http_port)},
            capture_output=True,
            text=True,
            timeout=20,
        )
        assert healthcheck.returncode == 0, healthcheck.stderr
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    lines = err.splitlines()
    if VALUE_SETS[name].get("baton", {}).get("logFormat", "json") == "json":
        messages = [json.loads(line)["message"] for line in lines]
    else:
        messages = lines
    assert any("ready" in m for m in messages)
    assert any(m.endswith("stopped") for m in messages)
    assert (tmp_path / "data" / "partition-1").is_dir()


def test_the_healthcheck_fails_when_nothing_answers(node_env: dict[str, str]) -> None:
    result = subprocess.run(
        _healthcheck_command(), env=node_env, capture_output=True, text=True, timeout=20
    )
    assert result.returncode != 0


def test_an_unknown_extra_setting_is_refused_by_baton_naming_it(
    tmp_path: Path, node_env: dict[str, str]
) -> None:
    values = {"baton": {"extraConfig": {"kafka_brokers": "k:9092"}}}
    config_file, _ = _write_config(tmp_path, values)
    result = subprocess.run(
        [str(BATON), "run", "--config", str(config_file)],
        env=node_env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert f"{config_file}: 'kafka_brokers': unknown setting" in result.stderr


def test_the_images_default_config_loads(tmp_path: Path) -> None:
    """The /etc/baton/baton.toml the Dockerfile writes (for `docker run` without the chart)."""
    text = DOCKERFILE.read_text()
    block = re.search(r"printf '%s\\n' \\\n(.*?)> /etc/baton/baton\.toml", text, re.S)
    assert block, "no printf ... > /etc/baton/baton.toml in the Dockerfile"
    lines = re.findall(r"^\s*'(.*)' \\$", block.group(1), re.M)
    config_file = tmp_path / "baton.toml"
    config_file.write_text("\n".join(lines) + "\n")
    config = load({}, config_file=str(config_file), environ={})
    assert (config.data_dir, config.host) == ("/data", "0.0.0.0")
    assert (config.grpc_port, config.http_port) == (26500, 8080)
    assert config.no_examples is True


def test_the_build_context_leaves_out_local_state() -> None:
    ignored = set(DOCKERFILE.with_name(".dockerignore").read_text().split())
    for path in (".git", ".venv", "tests", "data", "tasklist/assets/node_modules"):
        assert path in ignored, path
    assert "tasklist/static/vendor" in ignored  # built inside the image, never the host's
