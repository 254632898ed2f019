"""Where everything sits in a partition's RocksDB database: one ordered keyspace, split by the
first byte of the key.

    00 .. FE  engine state, keys exactly as the engine writes them: a two-byte big-endian column
              number (`engine.state.Column`) and the column's parts. The engine would need a
              column numbered 0xFF00 or more to reach FF; `tests/broker` checks it has none.
              Column 0 (`Column.DEFAULT`) is the engine's reservation for broker singletons kept
              *in state*: the processed position lives there, so it commits with the state
              changes and travels in every state snapshot.
    FF 00 ..  partition metadata: the format marker and the partition id, written once at
              creation.
    FF 01 ..  the log: FF 01 + position as 8 bytes big-endian -> the record (`RecordCodec`).
              Bytewise key order is position order, so a range scan reads the log in order.
    FF 02 ..  log metadata: where compaction stopped, what exporters acknowledged.
    FF 03 ..  exporter positions: FF 03 + exporter id -> the position it acknowledged.

Numbers here are persistent (files and snapshots hold them): never change one; add new
prefixes under FF instead.
"""

from __future__ import annotations

from engine.state import Column

# State keys are below this; the broker's own keys are at or above it.
STATE_END = b"\xff"

META_PREFIX = b"\xff\x00"
# Value: FORMAT. Present in every database Baton created; absent in an empty directory.
FORMAT_KEY = META_PREFIX + b"format"
FORMAT = b"baton-partition/1"
# Value: the partition id, 8 bytes big-endian. Opening a database as another partition fails.
PARTITION_ID_KEY = META_PREFIX + b"partition-id"

LOG_PREFIX = b"\xff\x01"
LOG_END = b"\xff\x02"

LOG_META_PREFIX = b"\xff\x02"
# Value: the lowest position still in the log, 8 bytes big-endian; absent means 1 (never
# compacted). Kept so that a log compacted down to nothing still knows its last position.
LOG_FIRST_POSITION_KEY = LOG_META_PREFIX + b"first-position"
# Value: the highest position every exporter acknowledged, 8 bytes big-endian; absent means 0.
LOG_EXPORTED_POSITION_KEY = LOG_META_PREFIX + b"exported-position"

# Value: the position of the last command whose results are in state, 8 bytes big-endian;
# absent means 0 (nothing processed). In state (column 0), not in broker metadata: see above.
PROCESSED_POSITION_KEY = Column.DEFAULT.key(b"broker/processed-position")


def u64(value: int) -> bytes:
    """`value` as 8 bytes big-endian (bytewise order is numeric order)."""
    return value.to_bytes(8, "big")


def from_u64(data: bytes) -> int:
    return int.from_bytes(data, "big")


def log_key(position: int) -> bytes:
    return LOG_PREFIX + position.to_bytes(8, "big")


def position_of(log_key: bytes) -> int:
    return int.from_bytes(log_key[len(LOG_PREFIX) :], "big")


EXPORTER_PREFIX = b"\xff\x03"
EXPORTER_END = b"\xff\x04"


def exporter_key(exporter_id: str) -> bytes:
    """`FF 03` + the exporter's id (UTF-8) -> the highest position it acknowledged, 8 bytes
    big-endian; absent means 0 (nothing exported yet)."""
    return EXPORTER_PREFIX + exporter_id.encode()
