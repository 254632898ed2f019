"""A partition under load, for the kill -9 test: run as `python crash_load.py DIR [--drain]`.

Starts partition 1 in DIR and loops: create instances (20 at a time, concurrently) and
complete the jobs it activates; it prints `created <instance key>` and `completed <job key>`
each only AFTER the command's response arrived, i.e. after it was durable. The test kills it
with SIGKILL at arbitrary moments and checks the database against what was printed.

With `--drain`, it completes every job until none is left (activations time out after 1 s, so
jobs activated by a killed run come back) and exits 0.
"""

from __future__ import annotations

import asyncio
import sys

from broker import BrokerClient, Partition
from tests.broker.broker_processes import SERVICE


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


async def _load(client: BrokerClient) -> None:
    while True:
        keys = await asyncio.gather(*(client.create_instance("service") for _ in range(20)))
        for key in keys:
            _say(f"created {key}")
        jobs = await client.activate_jobs("work", 15, timeout_ms=1_000)
        for job, _ in zip(
            jobs, await asyncio.gather(*(client.complete_job(j.key) for j in jobs)), strict=True
        ):
            _say(f"completed {job.key}")


async def _drain(client: BrokerClient) -> None:
    idle = 0
    while idle < 2:
        jobs = await client.activate_jobs("work", 100, timeout_ms=1_000, request_timeout_s=1.5)
        idle = 0 if jobs else idle + 1
        for job in jobs:
            await client.complete_job(job.key)
            _say(f"completed {job.key}")


async def main(directory: str, drain: bool) -> None:
    partition = await Partition.start(directory, 1, scheduler_period_s=0.05)
    client = BrokerClient([partition])
    if partition.store.log.last_position == 0:
        await client.deploy(SERVICE)
    _say("ready")
    if drain:
        await _drain(client)
        await partition.stop()
    else:
        await _load(client)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], "--drain" in sys.argv))
