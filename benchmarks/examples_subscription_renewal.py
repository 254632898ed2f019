"""The subscription renewal example at full size: `baton run` in its own process, the
example's workers here, 10,000 subscriptions (each an instance waiting on a message and a
timer), half renewed once, all ending when a period passes unrenewed.

    .venv/bin/python benchmarks/examples_subscription_renewal.py [--subscriptions 10000]
        [--period-s 60] [--concurrency 64]

Prints how long creating them and publishing the renewals took, and when the last access
ended relative to the earliest possible moment (lateness of the timers under load).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pyzeebe import ZeebeClient, create_insecure_channel

from examples._node import BatonNode, deploy_example, wait_for
from examples.subscription_renewal.workers import PROCESS_ID, create_worker, renew


async def bench(node: BatonNode, count: int, period_s: int, concurrency: int) -> None:
    channel = create_insecure_channel(grpc_address=node.address)
    client = ZeebeClient(channel)
    await deploy_example(client, "subscription_renewal")
    ended: dict[str, tuple[int, float]] = {}
    worker = create_worker(
        channel, on_ended=lambda sub, n: ended.setdefault(sub, (n, time.monotonic()))
    )
    work = asyncio.create_task(worker.work())
    gate = asyncio.Semaphore(concurrency)
    started: dict[str, float] = {}

    async def subscribe(n: int) -> None:
        async with gate:
            sub = f"sub-{n}"
            started[sub] = time.monotonic()
            variables = {"subscriptionId": sub, "plan": "monthly", "period": f"PT{period_s}S"}
            await client.run_process(PROCESS_ID, variables)
            if n % 2 == 0:
                await renew(client, sub, 1)

    began = time.perf_counter()
    await asyncio.gather(*(subscribe(n) for n in range(count)))
    created = time.perf_counter() - began
    await wait_for(lambda: len(ended) == count, timeout_s=3 * period_s + 600, what="all ended")
    await worker.stop()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.wait_for(work, 10)
    await channel.close()
    wrong = [s for s, (n, _) in ended.items() if n != (1 - int(s.split("-")[1]) % 2)]
    late = sorted(
        at - started[s] - period_s * (1 + renewals) for s, (renewals, at) in ended.items()
    )
    print(f"{count} subscriptions, period {period_s} s, {node.partitions} partition(s)")
    print(f"  created (and half renewed) in {created:.1f} s: {count / created:.0f}/s")
    print(
        f"  access ended after the due time by p50 {late[len(late) // 2]:.2f} s, "
        f"p99 {late[int(len(late) * 0.99)]:.2f} s, max {late[-1]:.2f} s; wrong counts: {len(wrong)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--period-s", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--partitions", type=int, default=1)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as tmp,
        BatonNode(Path(tmp) / "data", partitions=args.partitions) as node,
    ):
        try:
            asyncio.run(bench(node, args.subscriptions, args.period_s, args.concurrency))
        except BaseException:
            print("baton run's log (tail):\n" + node.output()[-3000:], file=sys.stderr)
            raise


if __name__ == "__main__":
    main()
