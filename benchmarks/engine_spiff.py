"""SpiffWorkflow's throughput on the processes of `engine_throughput.py`, for comparison.

Runs in SpiffWorkflow's own environment (never Baton's .venv):

    python -m venv /tmp/spiff-venv && /tmp/spiff-venv/bin/pip install SpiffWorkflow==3.2.0
    /tmp/spiff-venv/bin/python benchmarks/engine_spiff.py [--instances N]

or side by side: `.venv/bin/python benchmarks/engine_throughput.py --spiff-python
/tmp/spiff-venv/bin/python`. Each instance is a `BpmnWorkflow` run to completion in memory:
the service task (which SpiffWorkflow leaves STARTED, waiting like a job) is completed with a
result, the parallel branches' plain tasks (READY, manual in SpiffWorkflow) are run. No log,
no durable state: SpiffWorkflow keeps the workflow object only. Prints one line per process:
`<name> <instances/s>`.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from engine_processes import PARALLEL, SERVICE  # type: ignore[import-not-found]
from SpiffWorkflow.bpmn import BpmnWorkflow  # type: ignore[import-not-found]
from SpiffWorkflow.bpmn.parser import BpmnParser  # type: ignore[import-not-found]
from SpiffWorkflow.util.task import TaskState  # type: ignore[import-not-found]


def _spec(xml: str, process_id: str) -> object:
    parser = BpmnParser()
    parser.add_bpmn_str(xml.encode())
    return parser.get_spec(process_id)


def run_service(instances: int) -> float:
    spec = _spec(SERVICE, "service")
    start = time.perf_counter()
    for _ in range(instances):
        workflow = BpmnWorkflow(spec)
        workflow.do_engine_steps()
        for task in workflow.get_tasks(state=TaskState.STARTED):
            task.set_data(ok=True)
            task.complete()
        workflow.do_engine_steps()
        assert workflow.is_completed()
    return time.perf_counter() - start


def run_parallel(instances: int) -> float:
    spec = _spec(PARALLEL, "parallel")
    start = time.perf_counter()
    for _ in range(instances):
        workflow = BpmnWorkflow(spec)
        workflow.do_engine_steps()
        for task in workflow.get_tasks(state=TaskState.READY):
            task.run()
        workflow.do_engine_steps()
        assert workflow.is_completed()
    return time.perf_counter() - start


RUNS: dict[str, Callable[[int], float]] = {
    "service task": run_service,
    "3-branch parallel": run_parallel,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=2000)
    args = parser.parse_args()
    for name, run in RUNS.items():
        run(min(200, args.instances))  # warm-up
        print(f"{name}\t{args.instances / run(args.instances):.0f}")


if __name__ == "__main__":
    main()
