"""`baton validate FILE...`: "ok" or the problems of each file, exit 1 if any file is refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gateway.cli import main

BATON = Path(sys.executable).with_name("baton")

VALID = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f" sourceRef="start" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>
"""
INVALID = VALID.replace(
    '<bpmn:endEvent id="end" />', '<bpmn:endEvent id="end" />\n    <bpmn:serviceTask id="pay" />'
).replace('<bpmn:startEvent id="start" />', '<bpmn:complexGateway id="cx" />')


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "valid": tmp_path / "valid.bpmn",
        "invalid": tmp_path / "invalid.bpmn",
        "text": tmp_path / "notes.txt",
        "missing": tmp_path / "missing.bpmn",
    }
    paths["valid"].write_text(VALID)
    paths["invalid"].write_text(INVALID)
    paths["text"].write_text("just some notes, not XML\n")
    return paths


def test_valid_file_is_ok(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(files["valid"])]) == 0
    assert capsys.readouterr().out == f"{files['valid']}: ok\n"


def test_invalid_file_lists_every_problem(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(files["invalid"])]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{files['invalid']}: 4 problem(s)"
    body = "\n".join(out[1:])
    assert "element 'cx'" in body and "complex gateway" in body
    assert "element 'pay'" in body and "job type" in body
    assert "element 'p'" in body and "start event" in body
    assert all(line.startswith("  line ") for line in out[1:])


def test_missing_and_non_bpmn_files(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(files["missing"]), str(files["text"]), str(files["valid"])]) == 1
    out = capsys.readouterr().out
    assert f"{files['missing']}: 1 problem(s)\n  cannot read" in out
    assert f"{files['text']}: 1 problem(s)\n  line 1: not well-formed XML" in out
    assert f"{files['valid']}: ok" in out


def test_subprocess(files: dict[str, Path]) -> None:
    assert BATON.exists(), f"console script not installed at {BATON}"
    ok = subprocess.run(
        [str(BATON), "validate", str(files["valid"])],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (ok.returncode, ok.stdout) == (0, f"{files['valid']}: ok\n")
    bad = subprocess.run(
        [str(BATON), "validate", str(files["valid"]), str(files["invalid"]), str(files["missing"])],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 1
    assert f"{files['invalid']}: 4 problem(s)" in bad.stdout
    assert f"{files['missing']}: 1 problem(s)" in bad.stdout
    assert "Traceback" not in bad.stderr


def test_no_files_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["validate"])
    assert exited.value.code == 2
    assert "FILE" in capsys.readouterr().err


DMN = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="D"
    namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="dish" name="Dish">
    <decisionTable id="t" hitPolicy="FIRST">
      <input id="i">
        <inputExpression id="ie" typeRef="string"><text>season</text></inputExpression>
      </input>
      <output id="o" name="dish" typeRef="string" />
      <rule id="r1"><inputEntry id="e1"><text>"Winter"</text></inputEntry>
        <outputEntry id="o1"><text>"Stew"</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>
"""


def test_dmn_files_are_checked_as_decisions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "dish.dmn"
    good.write_text(DMN)
    bad = tmp_path / "broken.DMN"
    bad.write_text(DMN.replace('"Stew"', '"Stew" +'))
    assert main(["validate", str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{good}: ok" in out
    assert f"{bad}: 1 problem(s)" in out
    assert "rule 'r1'" in out.split(f"{bad}:")[1]
    assert "not valid FEEL" in out
