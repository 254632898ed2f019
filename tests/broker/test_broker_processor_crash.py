"""Acknowledged means durable, and exactly once, through the stream processor with a real
kill -9: a partition under load (`crash_load.py`) prints every acknowledged instance creation
and job completion; it is SIGKILLed at several points and restarted, then drained. Afterwards
every acknowledged creation exists and finished, every acknowledged completion happened, no job
was completed twice, and replaying the log rebuilds the live state."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from broker import PartitionStore
from engine import Record, RecordType, ValueType
from engine.records.intents import JobIntent, ProcessInstanceIntent

from .broker_processes import assert_replay_matches

ROOT = Path(__file__).resolve().parents[2]
LOAD = Path(__file__).with_name("crash_load.py")
# Kill after this many acknowledged commands in each round (the load keeps running while the
# test reads, so the exact instant varies from run to run).
KILL_AFTER = (30, 170, 5, 95, 260, 61)


def _start(directory: Path, *flags: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(LOAD), str(directory), *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _acknowledged(lines: list[bytes]) -> list[tuple[str, int]]:
    # Only whole lines: a line cut by the kill was not printed.
    words = (line.decode().split() for line in lines if line.endswith(b"\n"))
    return [(w[0], int(w[1])) for w in words if w[0] in ("created", "completed")]


def _run_and_kill(directory: Path, acks: int) -> list[tuple[str, int]]:
    load = _start(directory)
    assert load.stdout is not None
    lines: list[bytes] = []
    try:
        for line in load.stdout:
            lines.append(line)
            if len(lines) > acks:
                break
    finally:
        load.send_signal(signal.SIGKILL)
        rest, errors = load.communicate(timeout=30)
    assert load.returncode == -signal.SIGKILL, errors.decode()
    lines += rest.splitlines(keepends=True)
    assert len(lines) > acks, errors.decode()
    return _acknowledged(lines)


def _records(store: PartitionStore) -> list[Record[Any]]:
    return list(store.log.read(store.log.first_position))


def test_kill_9_under_load_loses_nothing_acknowledged_and_completes_nothing_twice(
    tmp_path: Path,
) -> None:
    acknowledged: list[tuple[str, int]] = []
    for acks in KILL_AFTER:
        acknowledged += _run_and_kill(tmp_path, acks)
    drain = _start(tmp_path, "--drain")
    out, errors = drain.communicate(timeout=60)
    assert drain.returncode == 0, errors.decode()
    acknowledged += _acknowledged(out.splitlines(keepends=True))

    created = {key for kind, key in acknowledged if kind == "created"}
    completed = [key for kind, key in acknowledged if kind == "completed"]
    assert len(created) > 300 and completed

    with PartitionStore.open(tmp_path, 1) as store:
        records = _records(store)
        events = [r for r in records if r.record_type is RecordType.EVENT]
        processes = {
            r.intent: r
            for r in events
            if r.value_type is ValueType.PROCESS_INSTANCE and r.key in created
        }
        started = {
            r.key
            for r in events
            if r.value_type is ValueType.PROCESS_INSTANCE
            and r.intent is ProcessInstanceIntent.ELEMENT_ACTIVATED
            and r.value.bpmn_element_type.name == "PROCESS"
        }
        finished = {
            r.key
            for r in events
            if r.value_type is ValueType.PROCESS_INSTANCE
            and r.intent is ProcessInstanceIntent.ELEMENT_COMPLETED
            and r.value.bpmn_element_type.name == "PROCESS"
        }
        assert processes
        assert created <= started, "an acknowledged creation is missing"
        assert started == finished, "an instance did not finish"
        job_completions = Counter(
            r.key
            for r in events
            if r.value_type is ValueType.JOB and r.intent is JobIntent.COMPLETED
        )
        assert all(count == 1 for count in job_completions.values()), "a job completed twice"
        assert set(completed) <= set(job_completions), "an acknowledged completion is missing"
        assert Counter(completed) == Counter(set(completed)), "a completion acknowledged twice"
        # Positions are contiguous and the processed position covers the whole log.
        assert [r.position for r in records] == list(range(1, len(records) + 1))
        assert store.processed_position == store.log.last_position
        assert_replay_matches(store)


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace for fault injection")
def test_a_failed_fsync_stops_acknowledging_and_loses_nothing_acknowledged(
    tmp_path: Path,
) -> None:
    # From the 40th fdatasync on, every one fails with EIO (the disk went bad): the partition
    # must stop answering and the process exit non-zero, not retry and carry on.
    strace = ["strace", "-f", "-qq", "-o", os.devnull, "-e", "trace=fdatasync"]
    inject = ["-e", "inject=fdatasync:error=EIO:when=40+"]
    traced = subprocess.run(
        [*strace, *inject, sys.executable, str(LOAD), str(tmp_path)],
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
        check=False,
    )
    errors = traced.stderr.decode()
    if "PTRACE" in errors or "Operation not permitted" in errors:
        pytest.skip(f"strace cannot trace here: {errors.strip()}")
    assert traced.returncode == 1, errors
    assert "PartitionUnavailable" in errors and "fdatasync" in errors
    acknowledged = _acknowledged(traced.stdout.splitlines(keepends=True))
    assert acknowledged, errors

    drain = _start(tmp_path, "--drain")
    _, drain_errors = drain.communicate(timeout=60)
    assert drain.returncode == 0, drain_errors.decode()
    with PartitionStore.open(tmp_path, 1) as store:
        events = [r for r in _records(store) if r.record_type is RecordType.EVENT]
        keys = {r.key for r in events}
        assert {key for _, key in acknowledged} <= keys
        completions = Counter(
            r.key
            for r in events
            if r.value_type is ValueType.JOB and r.intent is JobIntent.COMPLETED
        )
        assert all(count == 1 for count in completions.values())
        assert_replay_matches(store)
