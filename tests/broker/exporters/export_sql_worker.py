"""A stand-in for a broker process exporting to the SQL read model, to be SIGKILLed.

Usage: python export_sql_worker.py URL POSITION_FILE INSTANCES

Exports ``run_orders(1, INSTANCES)`` in batches of 3 after the position stored in
POSITION_FILE, storing each batch's last position (fsync, rename) only after ``export``
returned, as the exporter director does; prints "acknowledged N" after each.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from conftest import batches, run_orders
from export_kafka_worker import store

from broker.exporters.sql import SqlExporter, SqlExporterConfig


async def main(url: str, position_file: Path, instances: int) -> None:
    acknowledged = int(position_file.read_text()) if position_file.exists() else 0
    log = [r for r in run_orders(1, instances) if r.position > acknowledged]
    exporter = SqlExporter(SqlExporterConfig(url=url))
    await exporter.open(1)
    try:
        for batch in batches(log, 3):
            await exporter.export(batch)
            store(position_file, batch[-1].position)
            print("acknowledged", batch[-1].position, flush=True)
    finally:
        await exporter.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])))
