"""bpmn.parse over the shared corpus of real modelers' BPMN files (../shared/corpus/bpmn).

Nothing may crash (only BpmnError is allowed out), and every complete Camunda 8 document (zeebe
namespace, not flagged ``maybe-invalid``) must load, or be refused only for what Zeebe does not
execute (elements it does not support, or no executable process), unless it is listed below
with the rule of Zeebe's it breaks.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import bpmn

CORPUS = Path(__file__).resolve().parents[2].parent / "shared/corpus/bpmn"

pytestmark = pytest.mark.skipif(
    not (CORPUS / "MANIFEST.tsv").exists(),
    reason=f"the shared BPMN corpus is not present at {CORPUS}",
)

# Zeebe-namespace files that Zeebe itself refuses: unconfigured exports, round trips that lost
# references, and parser fixtures that are not deployable processes. Each is refused by Baton
# with problems naming the element.
_NOT_DEPLOYABLE_TABLE = """
# Camunda Modeler "export" drafts of the MIWG C.9 models: tasks without job types or called
# elements, timers without a time, events without their message or error.
miwg/bpmn.io__Camunda_Modeler__18.6.1__C.9.0-export.bpmn
    service task without job type
miwg/bpmn.io__Camunda_Modeler__18.6.1__C.9.1-export.bpmn
    send task without job type
miwg/bpmn.io__Camunda_Modeler__18.6.1__C.9.2-export.bpmn
    call activity without processId
# The MIWG C.8.1 reference (and every tool's copy of it) writes its gateway conditions as
# FEEL without the leading '=', which Zeebe refuses: it reads conditions only as expressions.
miwg/Reference__C.8.1.bpmn
    conditions without '='
miwg/ADONIS_17.0__C.8.1-roundtrip.bpmn
    conditions without '='
miwg/ARIS_10.2025.07__C.8.1-roundtrip.bpmn
    conditions without '='
miwg/BPMN-Modeler_for_Confluence_Enterprise_3.38.0__C.8.1-roundtrip.bpmn
    conditions without '='
miwg/Open-BPMN_1.2.8_2__C.8.1-roundtrip.bpmn
    conditions without '='
miwg/Open-BPMN_1.2.8_2__C.8.1.bpmn
    conditions without '='
miwg/SAP_Signavio_Process_Manager_19.9.0__C.8.1-roundtrip.bpmn
    conditions without '='
miwg/Trisotech_Workflow_Modeler_12.6.3__C.8.1-roundtrip.bpmn
    conditions without '='
miwg/bpmn.io__Camunda_Modeler__18.6.1__C.8.1-roundtrip.bpmn
    conditions without '='
# Round trips through other tools that dropped Zeebe data or references.
miwg/ADONIS_17.0__C.9.1-roundtrip.bpmn
    timer lost its timeDuration; receive task lost its messageRef
miwg/ADONIS_17.0__C.9.2-roundtrip.bpmn
    error end event references a missing error
miwg/ARIS_10.2025.07__C.9.0-roundtrip.bpmn
    message start event lost its messageRef
miwg/ARIS_10.2025.07__C.9.1-roundtrip.bpmn
    receive task lost its messageRef
miwg/ARIS_10.2025.07__C.9.2-roundtrip.bpmn
    lost messageRefs, errorRefs, inputCollection
miwg/Cardanit__prev._BeePMN__4.9.1__C.8.1-roundtrip.bpmn
    default flows that do not exist
miwg/SAP_Signavio_Process_Manager_19.9.0__C.9.0-export.bpmn
    lost zeebe:subscription; empty subprocess
miwg/SAP_Signavio_Process_Manager_19.9.0__C.9.0-roundtrip.bpmn
    message caught without correlation key
miwg/SAP_Signavio_Process_Manager_19.9.0__C.9.1-export.bpmn
    message caught without correlation key
miwg/SAP_Signavio_Process_Manager_19.9.0__C.9.1-roundtrip.bpmn
    message caught without correlation key
miwg/SAP_Signavio_Process_Manager_19.9.0__C.9.2-export.bpmn
    message caught without correlation key
miwg/SAP_Signavio_Process_Manager_19.9.0__C.9.2-roundtrip.bpmn
    message caught without correlation key
# Fixtures of modeler and moddle projects: single elements, not runnable processes.
spiffworkflow/tests__SpiffWorkflow__bpmn__data__service_task.bpmn
    service task without job type
zeebe-bpmn-moddle/xml__simple.bpmn
    static inputCollection and outputElement (Zeebe needs '=' expressions)
zeebe-bpmn-moddle/xml__rootElement.bpmn
    no process; root elements without ids
zeebe-bpmn-moddle/xml__userTask-zeebe-formDefinition.bpmn
    process without start event
zeebe-bpmn-moddle/xml__zeebe-adHoc.bpmn
    process without start event
zeebe-bpmn-moddle/xml__zeebe-agentDefinition.bpmn
    no start event; no job type
zeebe-bpmn-moddle/xml__zeebe-bindingType.bpmn
    process without start event
zeebe-bpmn-moddle/xml__zeebe-businessId.bpmn
    process without start event
zeebe-bpmn-moddle/xml__zeebe-conditionalFilter.bpmn
    conditional start event without condition
zeebe-bpmn-moddle/xml__zeebe-linkedResources.bpmn
    no start event; no job type
zeebe-bpmn-moddle/xml__zeebe-taskListeners.bpmn
    no start event in process or subprocess
camunda-modeler/app__lib__file-context____tests____fixtures__foo-process-application__bar__bar.bpmn
    calledDecision without resultVariable
camunda-modeler/process-applications__foo-process-application__bar__bar.bpmn
    calledDecision without resultVariable
camunda-modeler/diagram__lint-errors.bpmn
    made to show lint errors: tasks without job type
camunda-modeler/test__e2e__fixtures__service-task.bpmn
    service task without job type
"""


def _table(text: str) -> dict[str, str]:
    """File name lines, each followed by an indented reason; '#' lines are comments."""
    table: dict[str, str] = {}
    name = ""
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith(" "):
            table[name] = line.strip()
        else:
            name = line.strip()
    return table


_NOT_DEPLOYABLE = _table(_NOT_DEPLOYABLE_TABLE)
# Refusals for what Zeebe does not run at all are fine for any file.
_NOT_EXECUTED = ("not supported", "no executable process")


def _manifest() -> list[dict[str, str]]:
    if not (CORPUS / "MANIFEST.tsv").exists():
        return []
    with (CORPUS / "MANIFEST.tsv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _outcome(row: dict[str, str]) -> bpmn.BpmnError | None:
    try:
        bpmn.parse(CORPUS / row["file"])
    except bpmn.BpmnError as error:
        return error
    return None


def test_nothing_crashes() -> None:
    rows = _manifest()
    assert len(rows) > 1000
    crashed = []
    loaded = refused = 0
    for row in rows:
        try:
            error = _outcome(row)
        except Exception as crash:  # the point of the test: anything but BpmnError is a bug
            crashed.append(f"{row['file']}: {crash!r}")
            continue
        if error is None:
            loaded += 1
        else:
            refused += 1
            assert all(p.message for p in error.problems)
    assert crashed == []
    assert loaded + refused == len(rows)
    assert loaded > 60


def test_malformed_and_fragments_are_refused() -> None:
    for row in _manifest():
        if row["kind"] in ("malformed", "fragment"):
            assert _outcome(row) is not None, row["file"]


def test_camunda_8_documents_load() -> None:
    failures = []
    checked = 0
    for row in _manifest():
        if row["kind"] != "full" or row["zeebe_ns"] != "1" or row["hint"] == "maybe-invalid":
            continue
        checked += 1
        error = _outcome(row)
        if error is None or row["file"] in _NOT_DEPLOYABLE:
            continue
        if all(any(w in p.message for w in _NOT_EXECUTED) for p in error.problems):
            assert all(p.element_id for p in error.problems), row["file"]
            continue
        failures.append(f"{row['file']}:\n  " + str(error).replace("\n", "\n  "))
    assert checked > 80
    assert failures == []


def test_not_deployable_list_is_still_true() -> None:
    by_file = {row["file"]: row for row in _manifest()}
    for name in _NOT_DEPLOYABLE:
        error = _outcome(by_file[name])
        assert error is not None, f"{name} now loads: remove it from the list"
        assert any(p.element_id or p.line for p in error.problems), name
