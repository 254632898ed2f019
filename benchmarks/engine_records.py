"""Record encoding throughput: MessagePack encode+decode and exporter JSON, per second.

Run: .venv/bin/python benchmarks/engine_records.py [--records N]

Uses one PROCESS_INSTANCE ELEMENT_ACTIVATED record of a service task, the record written most.
"""

from __future__ import annotations

import argparse
import time

from bpmn.model import BpmnElementType
from engine.records import Record, RecordCodec, RecordType, ValueType
from engine.records.intents import ProcessInstanceIntent
from engine.records.values import ProcessInstanceRecordValue


def _sample() -> Record[ProcessInstanceRecordValue]:
    return Record(
        position=4294967301,
        source_record_position=4294967300,
        key=2251799813685253,
        timestamp=1700000000000,
        partition_id=1,
        record_type=RecordType.EVENT,
        value_type=ValueType.PROCESS_INSTANCE,
        intent=ProcessInstanceIntent.ELEMENT_ACTIVATED,
        value=ProcessInstanceRecordValue(
            bpmn_process_id="order-fulfilment",
            version=3,
            process_definition_key=2251799813685249,
            process_instance_key=2251799813685251,
            element_id="charge-payment",
            flow_scope_key=2251799813685251,
            bpmn_element_type=BpmnElementType.SERVICE_TASK,
        ),
    )


def _rate(n: int, run: object) -> float:
    assert callable(run)
    start = time.perf_counter()
    run()
    return n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000)
    n = parser.parse_args().records
    codec, record = RecordCodec(), _sample()
    encoded = codec.encode(record)
    assert codec.decode(encoded) == record

    def round_trips() -> None:
        for _ in range(n):
            codec.decode(codec.encode(record))

    def encodes() -> None:
        for _ in range(n):
            codec.encode(record)

    def decodes() -> None:
        for _ in range(n):
            codec.decode(encoded)

    def exports() -> None:
        for _ in range(n):
            record.to_json()

    print(f"PROCESS_INSTANCE record, {len(encoded)} bytes MessagePack, {n:,} iterations")
    print(f"  encode+decode (msgpack): {_rate(n, round_trips):>12,.0f} records/s")
    print(f"  encode only   (msgpack): {_rate(n, encodes):>12,.0f} records/s")
    print(f"  decode only   (msgpack): {_rate(n, decodes):>12,.0f} records/s")
    print(f"  to_json (exporter JSON): {_rate(n, exports):>12,.0f} records/s")


if __name__ == "__main__":
    main()
