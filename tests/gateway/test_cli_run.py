"""`baton run` until the broker and gateway land: says what it will start, exits non-zero."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gateway.cli import main

BATON = Path(sys.executable).with_name("baton")


def test_run_says_not_yet_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--grpc-port", "26501", "--no-examples"]) == 2
    err = capsys.readouterr().err
    assert "26501" in err
    assert "not yet" in err
    assert "deploy the examples" not in err


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


def test_no_command_prints_usage() -> None:
    result = subprocess.run([str(BATON)], capture_output=True, text=True)
    assert result.returncode == 2
    assert "usage: baton" in result.stderr
