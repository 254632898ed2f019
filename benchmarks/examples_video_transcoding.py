"""The video transcoding example at full size: `baton run` in its own process, the example's
pyzeebe workers here, N uploads at once (default 1,000), each fanned out into its renditions.

    .venv/bin/python benchmarks/examples_video_transcoding.py [--videos 1000] [--partitions 2]

Prints the time from the first creation until every instance's manifest was published, with
videos/s and transcode jobs/s. Everything is fsync'd before it is answered.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pyzeebe import ZeebeClient, create_insecure_channel

from examples._node import BatonNode, deploy_example, wait_for
from examples.video_transcoding.workers import PROCESS_ID, create_worker, renditions_for

HEIGHTS = [2160, 1080, 720, 480]


async def bench(node: BatonNode, videos: int, concurrency: int) -> None:
    channel = create_insecure_channel(grpc_address=node.address)
    client = ZeebeClient(channel)
    await deploy_example(client, "video_transcoding")
    published: dict[str, dict[str, Any]] = {}
    worker = create_worker(channel, on_published=lambda m: published.setdefault(m["videoId"], m))
    work = asyncio.create_task(worker.work())
    gate = asyncio.Semaphore(concurrency)

    async def start(i: int) -> None:
        async with gate:
            variables = {"videoId": f"v{i}", "sourceHeight": HEIGHTS[i % 4], "durationS": 60}
            await client.run_process(PROCESS_ID, variables)

    jobs = sum(len(renditions_for(HEIGHTS[i % 4])) for i in range(videos))
    began = time.perf_counter()
    await asyncio.gather(*(start(i) for i in range(videos)))
    created = time.perf_counter() - began
    await wait_for(lambda: len(published) == videos, timeout_s=600, what="every manifest")
    took = time.perf_counter() - began
    await worker.stop()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.wait_for(work, 10)
    await channel.close()
    print(f"{videos} videos, {jobs} transcode jobs, {node.partitions} partition(s)")
    print(f"  all created after {created:.1f} s; all published after {took:.1f} s")
    print(f"  {videos / took:.0f} videos/s, {jobs / took:.0f} transcode jobs/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--videos", type=int, default=1000)
    parser.add_argument("--partitions", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=64, help="creations in flight")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as tmp,
        BatonNode(Path(tmp) / "data", partitions=args.partitions) as node,
    ):
        asyncio.run(bench(node, args.videos, args.concurrency))


if __name__ == "__main__":
    main()
