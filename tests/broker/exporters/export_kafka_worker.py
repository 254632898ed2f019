"""A stand-in for a broker process exporting to Kafka, to be killed with SIGKILL by a test.

Usage: python export_kafka_worker.py BOOTSTRAP TOPIC POSITION_FILE INSTANCES

Exports the (deterministic) log of ``run_orders(1, INSTANCES)`` in batches of 5, resuming
after the position stored in POSITION_FILE, and like the exporter director stores each
batch's last position (write, fsync, rename) only after ``export`` returned. Prints
"acknowledged N" after each batch so the test knows when to kill it.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from conftest import batches, run_orders

from broker.exporters.kafka import KafkaExporter
from broker.exporters.kafka_config import KafkaExporterConfig


def store(path: Path, position: int) -> None:
    temporary = path.with_suffix(".tmp")
    with temporary.open("w") as file:
        file.write(str(position))
        file.flush()
        os.fsync(file.fileno())
    temporary.rename(path)


async def main(bootstrap: str, topic: str, position_file: Path, instances: int) -> None:
    acknowledged = int(position_file.read_text()) if position_file.exists() else 0
    log = [r for r in run_orders(1, instances) if r.position > acknowledged]
    exporter = KafkaExporter(KafkaExporterConfig(bootstrap_servers=bootstrap, topic=topic))
    await exporter.open(1)
    try:
        for batch in batches(log, 5):
            await exporter.export(batch)
            store(position_file, batch[-1].position)
            print("acknowledged", batch[-1].position, flush=True)
            await asyncio.sleep(0.01)
    finally:
        await exporter.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])))
