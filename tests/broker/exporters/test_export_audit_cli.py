"""``baton audit tail`` as a subprocess against Tansu: ``python -m gateway.audit audit tail``
runs the same parser that ``add_audit_commands`` adds to ``baton``."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from broker.exporters.kafka import KafkaExporter
from broker.exporters.kafka_config import KafkaExporterConfig
from broker.exporters.kafka_testing import TansuBroker
from engine.records import RecordType

from .conftest import batches, run_orders


def tail(tansu: TansuBroker, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "gateway.audit",
            "audit",
            "tail",
            "--bootstrap",
            tansu.bootstrap,
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )


async def _exported(tansu: TansuBroker) -> list[Any]:
    records = run_orders(1)
    exporter = KafkaExporter(KafkaExporterConfig(bootstrap_servers=tansu.bootstrap, topic="cli"))
    await exporter.open(1)
    try:
        for batch in batches(records, 10):
            await exporter.export(batch)
        await exporter.export(records[:15])  # a resend: the CLI prints each record once
    finally:
        await exporter.close()
    return [r for r in records if r.record_type is RecordType.EVENT]


async def test_tail_prints_json_lines_and_readable_lines(tansu: TansuBroker) -> None:
    events = await _exported(tansu)
    done = tail(tansu, "--topic", "cli", "--from-beginning", "--json", "--idle-exit", "1")
    assert done.returncode == 0, done.stderr
    printed = [json.loads(line) for line in done.stdout.splitlines()]
    assert printed == [json.loads(r.to_json()) for r in events]

    instance = next(r.key for r in events if r.value_type.name == "PROCESS_INSTANCE")
    mine = tail(tansu, "--topic", "cli", "--from-beginning", "--instance", str(instance),
                "--idle-exit", "1")  # fmt: skip
    assert mine.returncode == 0, mine.stderr
    lines = mine.stdout.splitlines()
    assert lines and all(" p1 " in line for line in lines)
    assert any("JOB" in line and "type=payment" in line for line in lines)
    assert any("VARIABLE" in line and "name=amount" in line for line in lines)
    wanted = [r for r in events if getattr(r.value, "process_instance_key", None) == instance]
    assert len(lines) == len(wanted)


def test_tail_of_a_missing_topic_says_so(tansu: TansuBroker) -> None:
    done = tail(tansu, "--topic", "no-such-topic", "--idle-exit", "0")
    assert done.returncode == 2 and "does not exist" in done.stderr
