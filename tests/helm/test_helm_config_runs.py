"""The configuration the chart renders is the configuration Baton accepts: the ConfigMap's
baton.toml loads with `baton run`'s own loader for every tested value set, the tasklist
Secret's file loads with the tasklist's, and `baton run --config <rendered file>` starts,
becomes ready (`/health/ready` 200, also by the image's HEALTHCHECK command) and stops
cleanly on SIGTERM. /data is not writable here, so the data directory, the listen address
and the ports are overridden with `BATON_*` variables, as a pod's extraEnv would. The
container's own variables (the SASL password and the read model's URL from Secrets) are
resolved from the rendered Secrets, or from what the named existing Secrets would hold. One
start exports to a real Kafka (Tansu) and keeps the read model in a throwaway PostgreSQL
whose URL, password included, arrives only through the Secret's variable.
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
    EXISTING_SECRETS,
    PASSWORD_HASH,
    RELEASE,
    VALUE_SETS,
    baton_toml,
    container_env,
    manifests,
    tasklist_toml,
)

CA_MOUNT = "/etc/baton/kafka-ca/ca.crt"

BATON = Path(sys.executable).with_name("baton")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _write_config(tmp_path: Path, values: dict[str, Any]) -> tuple[Path, Path | None]:
    """The rendered baton.toml and tasklist file, written where this machine can read them.
    The Kafka CA Secret's mount point is replaced by a file in tmp_path (an empty stand-in)."""
    objects = manifests(values)
    config = tmp_path / "baton.toml"
    text = baton_toml(objects)
    if CA_MOUNT in text:
        ca = tmp_path / "ca.crt"
        ca.write_text("")
        text = text.replace(CA_MOUNT, str(ca))
    config.write_text(text)
    tasklist = None
    if any(
        o["kind"] == "Secret" and o["metadata"]["name"] == f"{RELEASE}-tasklist" for o in objects
    ):
        tasklist = tmp_path / "tasklist.toml"
        tasklist.write_text(tasklist_toml(objects))
    return config, tasklist


def _secret_env(values: dict[str, Any]) -> dict[str, str]:
    """The container's variables that come from Secrets (BATON_TASKLIST_CONFIG is a path in
    the pod, handled by the callers)."""
    env = container_env(manifests(values))
    env.pop("BATON_TASKLIST_CONFIG", None)
    return env


@pytest.mark.parametrize("name", sorted(VALUE_SETS))
def test_rendered_config_loads_with_batons_loader(tmp_path: Path, name: str) -> None:
    values = VALUE_SETS[name]
    config_file, tasklist_file = _write_config(tmp_path, values)
    config = load({}, config_file=str(config_file), environ=_secret_env(values))
    baton = values.get("baton", {})
    assert config.data_dir == "/data"
    assert config.host == "0.0.0.0"
    assert config.partitions == baton.get("partitions", 1)
    assert config.log_format == baton.get("logFormat", "json")
    assert config.no_examples is True
    assert config.grpc_port == values.get("ports", {}).get("grpc", 26500)
    assert config.http_port == values.get("ports", {}).get("http", 8080)
    kafka = values.get("kafka", {})
    if kafka.get("enabled"):
        assert config.kafka_bootstrap_servers
        kinds = [type(e).__name__ for e in config.exporters()]
        assert "KafkaExporterConfig" in kinds
        if kafka.get("securityProtocol", "PLAINTEXT").startswith("SASL_"):
            assert config.kafka_sasl_password in (
                "kafka-pa$$word-7Qz",
                EXISTING_SECRETS[("kafka-users", "baton")],
            )
    else:
        assert config.kafka_bootstrap_servers == ""
    read_model = values.get("readModel", {})
    if read_model.get("existingSecret"):
        assert config.read_model_url == EXISTING_SECRETS[("baton-read-model", "dsn")]
    else:
        assert config.read_model_url == read_model.get("url", "")
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


def _consume(bootstrap: str, topic: str, want: int, timeout_s: float = 30) -> list[dict[str, Any]]:
    """Records on `topic` until `want` of them (or the timeout)."""
    import asyncio

    from aiokafka import AIOKafkaConsumer  # type: ignore[import-untyped]

    async def run() -> list[dict[str, Any]]:
        consumer = AIOKafkaConsumer(
            topic,
            bootstrap_servers=bootstrap,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
        )
        await consumer.start()
        got: list[dict[str, Any]] = []
        try:
            deadline = time.monotonic() + timeout_s
            while len(got) < want and time.monotonic() < deadline:
                batches = await consumer.getmany(timeout_ms=500)
                for messages in batches.values():
                    got.extend(json.loads(m.value) for m in messages)
        finally:
            await consumer.stop()
        return got

    return asyncio.run(run())


def test_baton_run_exports_to_kafka_and_postgresql_with_the_rendered_config_and_env(
    tmp_path: Path, node_env: dict[str, str]
) -> None:
    """Kafka on (a real Tansu broker) and the read model in PostgreSQL, its URL with the
    password only in the (existing) Secret, given as BATON_READ_MODEL_URL: the container's
    env as rendered, the data directory and ports overridden as in the other starts."""
    from broker.exporters.kafka_testing import TansuBroker
    from broker.exporters.sql.testing import throwaway_postgres
    from tests.gateway.test_gateway_harness import SERVICE

    with TansuBroker() as kafka, throwaway_postgres() as database:
        values = {
            "kafka": {"enabled": True, "bootstrapServers": kafka.bootstrap, "topic": "helm-audit"},
            "readModel": {"existingSecret": "baton-read-model", "existingSecretKey": "dsn"},
        }
        config_file, tasklist_file = _write_config(tmp_path, values)
        assert "postgresql" not in config_file.read_text()
        objects = manifests(values)
        env = container_env(objects, {("baton-read-model", "dsn"): database})
        assert env["BATON_READ_MODEL_URL"] == database
        env["BATON_TASKLIST_CONFIG"] = str(tasklist_file)
        node_env.update(env)
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
            base = f"http://127.0.0.1:{http_port}"
            deployed = httpx.post(
                f"{base}/v2/deployments", files={"resources": ("order.bpmn", SERVICE)}
            )
            assert deployed.status_code == 200, deployed.text
            # The read model (PostgreSQL) answers the REST search.
            deadline = time.monotonic() + 20
            items: list[Any] = []
            while not items and time.monotonic() < deadline:
                found = httpx.post(
                    f"{base}/v2/process-definitions/search",
                    json={"filter": {"processDefinitionId": "order"}},
                )
                assert found.status_code == 200, found.text
                items = found.json()["items"]
                time.sleep(0.1)
            assert [d["processDefinitionId"] for d in items] == ["order"]
            # The deployment's records are on the Kafka topic.
            records = _consume(kafka.bootstrap, "helm-audit", want=2)
            assert any(r["valueType"] == "PROCESS" for r in records), records
            process.send_signal(signal.SIGTERM)
            _, err = process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
        assert process.returncode == 0, err


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
