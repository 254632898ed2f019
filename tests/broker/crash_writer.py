"""A partition writer for the crash test: commits batches forever, printing each batch's last
position only after `commit` returned (the "acknowledgement"), until it is killed.

Usage: python crash_writer.py DIRECTORY

Every batch of n records (n = 1..5) at positions p+1..p+n carries, in each record, its own
position (`scope_key`) and the batch's last position (`process_instance_key`); the state
transaction of the same commit sets `LAST` to p+n and `BATCH + u64(p+n)` to n. So after any
crash the checker can tell whether the log, the state and the processed position agree.
"""

from __future__ import annotations

import sys

from broker import PartitionStore
from engine.records import Record, RecordType, ValueType
from engine.records.intents import VariableIntent
from engine.records.values import VariableRecordValue

LAST = b"\x00\x0acrash/last"
BATCH = b"\x00\x0acrash/batch/"


def main(directory: str) -> None:
    store = PartitionStore.open(directory, partition_id=1)
    txn = store.state.begin()
    batch_number = 0
    while True:
        first = store.log.last_position + 1
        size = 1 + (first + batch_number) % 5
        last = first + size - 1
        records = [
            Record(
                position=position,
                timestamp=position,
                partition_id=1,
                record_type=RecordType.EVENT,
                value_type=ValueType.VARIABLE,
                intent=VariableIntent.CREATED,
                value=VariableRecordValue(
                    name=f"v{position}",
                    # Some bulk, so a kill often lands inside a write.
                    value=str(position) * (50 * (position % 7 + 1)),
                    scope_key=position,
                    process_instance_key=last,
                ),
            )
            for position in range(first, last + 1)
        ]
        txn.put(LAST, last.to_bytes(8, "big"))
        txn.put(BATCH + last.to_bytes(8, "big"), size.to_bytes(8, "big"))
        store.commit(records, txn, processed_position=last)
        print(last, flush=True)
        batch_number += 1


if __name__ == "__main__":
    main(sys.argv[1])
