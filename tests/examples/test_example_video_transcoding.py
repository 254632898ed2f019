"""Video transcoding at scale, end to end: a real `baton run` on two partitions, the example's
BPMN deployed through gRPC, its pyzeebe workers in this process, 50 uploads at once (the
benchmark `benchmarks/examples_video_transcoding.py` runs 1,000)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from pyzeebe import ZeebeClient, create_insecure_channel

from examples._node import BatonNode, deploy_example, instance_ended, wait_for
from examples.video_transcoding.workers import PROCESS_ID, create_worker, renditions_for

VIDEOS = 50
HEIGHTS = [2160, 1080, 720, 480]


@pytest.fixture
def node(tmp_path: Path) -> Iterator[BatonNode]:
    with BatonNode(tmp_path / "data", partitions=2) as running:
        yield running


@contextlib.asynccontextmanager
async def workers(worker: Any) -> AsyncIterator[None]:
    task = asyncio.create_task(worker.work())
    try:
        yield
    finally:
        await worker.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)


async def test_fifty_videos_transcoded_in_parallel(node: BatonNode) -> None:
    channel = create_insecure_channel(grpc_address=node.address)
    client = ZeebeClient(channel)
    await deploy_example(client, "video_transcoding")
    published: dict[str, dict[str, Any]] = {}
    worker = create_worker(channel, on_published=lambda m: published.setdefault(m["videoId"], m))
    async with workers(worker):
        created = await asyncio.gather(
            *(
                client.run_process(
                    PROCESS_ID,
                    {
                        "videoId": f"video-{i}",
                        "sourceHeight": HEIGHTS[i % len(HEIGHTS)],
                        "durationS": 30 + i,
                    },
                )
                for i in range(VIDEOS)
            )
        )
        keys = [c.process_instance_key for c in created]
        await wait_for(lambda: len(published) == VIDEOS, timeout_s=60, what="50 manifests")
        for key in keys:
            await wait_for(
                lambda key=key: instance_ended(node, key), timeout_s=10, what=f"{key} ended"
            )
    # Instances went to both partitions (a key carries its partition).
    assert {key >> 51 for key in keys} == {1, 2}
    for i in range(VIDEOS):
        manifest = published[f"video-{i}"]
        expected = renditions_for(HEIGHTS[i % len(HEIGHTS)])
        # Outputs were collected in rendition order, whatever order the jobs finished in.
        assert manifest["renditions"] == [r["name"] for r in expected]
        assert manifest["totalBytes"] == sum(r["kbps"] * 1000 * (30 + i) // 8 for r in expected)
    await channel.close()


async def test_baton_examples_run_starts_the_workers_and_one_instance(node: BatonNode) -> None:
    """`baton examples run video_transcoding --start` (the examples CLI in its own process)
    deploys, starts one instance, and its workers take it to the end."""
    command = [
        sys.executable,
        "-m",
        "gateway.examples_cli",
        "examples",
        "run",
        "video_transcoding",
        "--address",
        node.address,
        "--start",
    ]
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    try:
        assert process.stdout is not None
        key = None
        while key is None:
            line = (await asyncio.wait_for(process.stdout.readline(), 30)).decode()
            assert line, "the examples CLI exited"
            if "process instance" in line:
                key = int(line.rsplit(" ", 1)[1])
        await wait_for(lambda: instance_ended(node, key), timeout_s=20, what="instance ended")
    finally:
        process.send_signal(signal.SIGINT)
        await asyncio.wait_for(process.wait(), 15)


def test_baton_examples_list_names_it() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "gateway.examples_cli", "examples", "list"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "video_transcoding" in out
