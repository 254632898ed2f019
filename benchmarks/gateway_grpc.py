"""End to end through the Zeebe gRPC gateway: `baton run` in its own process, pyzeebe here.

    .venv/bin/python benchmarks/gateway_grpc.py [--instances 2000] [--concurrency 64]
        [--partitions 1] [--poll] [--latency-seconds 10]

Process: start -> service task -> end. A pyzeebe worker (job streaming unless `--poll`)
completes every job; the client creates instances with CreateProcessInstance.

Prints:

1. instances/s: `--instances` creations, `--concurrency` in flight, from the first creation
   until the worker's last CompleteJob returned (every instance then has completed: the end
   event follows the job's completion in the same batch).
2. create-to-completion latency at half that rate (or `--latency-rate`) for
   `--latency-seconds`: p50, p99, max, from just before CreateProcessInstance until the
   CompleteJob of that instance's job returned.

Everything is durable before it is answered (fsync per group), client and worker included.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from pyzeebe import ZeebeClient, ZeebeWorker, create_insecure_channel

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.testing import bpmn

BATON = Path(sys.executable).with_name("baton")
SERVICE = bpmn("""
  <bpmn:process id="bench" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:serviceTask id="task">
      <bpmn:extensionElements><zeebe:taskDefinition type="work" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _wait_ready(address: str, process: subprocess.Popen[bytes]) -> None:
    async with grpc.aio.insecure_channel(address) as channel:
        health = health_pb2_grpc.HealthStub(channel)
        request = health_pb2.HealthCheckRequest(service="gateway_protocol.Gateway")
        for _ in range(600):
            if process.poll() is not None:
                raise SystemExit("baton run exited before it was ready")
            try:
                answer = await health.Check(request, timeout=1)
                if answer.status == health_pb2.HealthCheckResponse.SERVING:
                    return
            except grpc.aio.AioRpcError:
                pass
            await asyncio.sleep(0.05)
    raise SystemExit("baton run did not become ready")


class Completions:
    """When each instance's job completion returned, by the instance's `id` variable."""

    def __init__(self) -> None:
        self.at: dict[int, float] = {}
        self.changed = asyncio.Event()

    def instrument(self, worker: ZeebeWorker) -> None:
        adapter = worker.zeebe_adapter
        complete = adapter.complete_job

        async def timed(job_key: int, variables: dict[str, Any]) -> Any:
            result = await complete(job_key=job_key, variables=variables)
            self.at[int(variables["id"])] = time.perf_counter()
            self.changed.set()
            return result

        adapter.complete_job = timed  # type: ignore[method-assign]

    async def wait_for(self, count: int) -> None:
        while len(self.at) < count:
            self.changed.clear()
            await self.changed.wait()


async def _throughput(
    client: ZeebeClient, completions: Completions, instances: int, concurrency: int
) -> float:
    gate = asyncio.Semaphore(concurrency)

    async def create(n: int) -> None:
        async with gate:
            await client.run_process("bench", {"id": n})

    started = time.perf_counter()
    await asyncio.gather(*(create(n) for n in range(instances)))
    await completions.wait_for(instances)
    elapsed = max(completions.at.values()) - started
    return instances / elapsed


async def _latency(
    client: ZeebeClient, completions: Completions, rate: float, seconds: float, first_id: int
) -> list[float]:
    count = max(1, int(rate * seconds))
    sent: dict[int, float] = {}
    tasks = []
    started = time.perf_counter()
    for i in range(count):
        n = first_id + i
        delay = started + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        sent[n] = time.perf_counter()
        tasks.append(asyncio.create_task(client.run_process("bench", {"id": n})))
    await asyncio.gather(*tasks)
    await completions.wait_for(first_id + count)
    return sorted((completions.at[n] - sent[n]) * 1000 for n in sent)


def _percentile(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, int(len(values) * p))]


async def main(args: argparse.Namespace) -> None:
    grpc_port = _free_port()
    address = f"127.0.0.1:{grpc_port}"
    with tempfile.TemporaryDirectory(prefix="baton-bench-") as data:
        env = {**os.environ, "BATON_HOST": "127.0.0.1", "BATON_LOG_LEVEL": "warning"}
        process = subprocess.Popen(
            [
                str(BATON),
                "run",
                "--data-dir",
                data,
                "--grpc-port",
                str(grpc_port),
                "--http-port",
                str(_free_port()),
                "--partitions",
                str(args.partitions),
                "--no-examples",
            ],
            env=env,
        )
        try:
            await _wait_ready(address, process)
            channel = create_insecure_channel(grpc_address=address)
            client = ZeebeClient(channel)
            path = Path(data) / "bench.bpmn"
            path.write_text(SERVICE)
            await client.deploy_resource(str(path))
            worker = ZeebeWorker(channel, name="bench", stream_enabled=not args.poll)

            @worker.task(task_type="work", max_jobs_to_activate=128, max_running_jobs=512)
            async def work(id: int) -> dict[str, Any]:
                return {"id": id}

            completions = Completions()
            completions.instrument(worker)
            working = asyncio.create_task(worker.work())
            await asyncio.sleep(0.5)  # let the worker open its stream / first poll
            rate = await _throughput(client, completions, args.instances, args.concurrency)
            print(
                f"throughput: {rate:,.0f} instances/s end to end ({args.instances} instances, "
                f"{args.concurrency} in flight, {args.partitions} partition(s), "
                f"{'polling' if args.poll else 'streaming'} pyzeebe worker)"
            )
            paced = args.latency_rate or rate / 2
            latencies = await _latency(
                client, completions, paced, args.latency_seconds, args.instances
            )
            print(
                f"latency at {paced:,.0f} instances/s ({len(latencies)} instances): "
                f"p50 {_percentile(latencies, 0.5):.1f} ms, p99 {_percentile(latencies, 0.99):.1f}"
                f" ms, max {latencies[-1]:.1f} ms (create -> job completed)"
            )
            await worker.stop()
            working.cancel()
            await asyncio.gather(working, return_exceptions=True)
            await channel.close()
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instances", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--partitions", type=int, default=1)
    parser.add_argument("--poll", action="store_true", help="long polling instead of streaming")
    parser.add_argument("--latency-seconds", type=float, default=10.0)
    parser.add_argument(
        "--latency-rate", type=float, default=0.0, help="instances/s (default: half the throughput)"
    )
    asyncio.run(main(parser.parse_args()))
