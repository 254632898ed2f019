"""Workers of the video transcoding example (pyzeebe).

    .venv/bin/python -m examples.video_transcoding.workers [--address localhost:26500]

- `probe-video`: reads the upload's height and duration and picks the renditions to make
  (the bitrate ladder up to the source's height) -> `renditions`.
- `transcode`: one job per rendition, run side by side by Baton (parallel multi-instance);
  "transcodes" (computes the output's location and size) -> `output`, collected by Baton into
  `outputs` in rendition order, whatever order the jobs finish in.
- `publish-manifest`: writes the manifest from `outputs` -> `manifest`.

The transcoding itself is simulated (no ffmpeg here): the point is the orchestration.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from typing import Any

from pyzeebe import ZeebeWorker, create_insecure_channel

PROCESS_ID = "video-transcoding"

# (height, video kbit/s): a common H.264 ladder.
LADDER = [(2160, 16000), (1440, 9000), (1080, 5000), (720, 2800), (480, 1400), (360, 800)]


def renditions_for(source_height: int) -> list[dict[str, Any]]:
    chosen = [(h, kbps) for h, kbps in LADDER if h <= source_height] or [LADDER[-1]]
    return [{"name": f"{h}p", "height": h, "kbps": kbps} for h, kbps in chosen]


def transcode(video_id: str, rendition: dict[str, Any], duration_s: int) -> dict[str, Any]:
    return {
        "rendition": rendition["name"],
        "uri": f"s3://videos/{video_id}/{rendition['name']}.mp4",
        "bytes": rendition["kbps"] * 1000 * duration_s // 8,
    }


def manifest_for(video_id: str, outputs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "videoId": video_id,
        "uri": f"s3://videos/{video_id}/manifest.json",
        "renditions": [o["rendition"] for o in outputs],
        "totalBytes": sum(o["bytes"] for o in outputs),
    }


def create_worker(
    channel: Any,
    *,
    on_published: Callable[[dict[str, Any]], None] | None = None,
    stream: bool = True,
) -> ZeebeWorker:
    """A worker with the example's three task types. `on_published` (tests, benchmarks) is
    called with each manifest."""
    worker = ZeebeWorker(channel, name="video-transcoding", stream_enabled=stream)

    @worker.task(task_type="probe-video", max_jobs_to_activate=64, max_running_jobs=64)
    async def probe_video(videoId: str, sourceHeight: int = 1080) -> dict[str, Any]:
        return {"renditions": renditions_for(sourceHeight)}

    @worker.task(task_type="transcode", max_jobs_to_activate=128, max_running_jobs=128)
    async def transcode_rendition(
        videoId: str, rendition: dict[str, Any], durationS: int = 60
    ) -> dict[str, Any]:
        return {"output": transcode(videoId, rendition, durationS)}

    @worker.task(task_type="publish-manifest", max_jobs_to_activate=64, max_running_jobs=64)
    async def publish_manifest(videoId: str, outputs: list[dict[str, Any]]) -> dict[str, Any]:
        manifest = manifest_for(videoId, outputs)
        if on_published is not None:
            on_published(manifest)
        return {"manifest": manifest}

    return worker


def example_variables() -> dict[str, Any]:
    """The variables of one instance for `baton examples run video_transcoding --start`."""
    return {"videoId": "holiday-2026", "sourceHeight": 1080, "durationS": 90}


async def run(address: str) -> None:
    channel = create_insecure_channel(grpc_address=address)
    await create_worker(channel).work()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--address", default="localhost:26500", help="Baton's gRPC address")
    args = parser.parse_args(argv)
    asyncio.run(run(args.address))


if __name__ == "__main__":
    main()
