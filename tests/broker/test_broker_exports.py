"""`broker`'s public names: sorted, complete, importable; and the embedded log fits the seam."""

from __future__ import annotations

import inspect

import broker
import broker.exporters
import broker.log
import broker.processing
import broker.remote
import broker.storage
from broker import PartitionLog, RocksPartitionLog


def test_all_lists_are_sorted_and_resolve() -> None:
    for module in (
        broker,
        broker.exporters,
        broker.log,
        broker.processing,
        broker.remote,
        broker.storage,
    ):
        names = module.__all__
        assert names == sorted(names)
        for name in names:
            assert hasattr(module, name), f"{module.__name__}.{name}"


def test_every_public_class_of_the_subpackages_is_exported_at_the_top() -> None:
    for module in (broker.log, broker.storage, broker.remote):
        assert set(module.__all__) <= set(broker.__all__) | {"PartitionConfig", "serve_partition"}
    assert {"Clock", "ControlledClock", "StreamProcessor", "Scheduler"} <= set(broker.__all__)
    assert {"BrokerError", "StorageError", "PartitionStore"} <= set(broker.__all__)


def test_the_rocksdb_log_has_every_member_of_the_seam() -> None:
    members = {
        name
        for name, _ in inspect.getmembers(PartitionLog)
        if not name.startswith("_") and name not in dir(object)
    }
    assert members == {
        "acknowledge_exported",
        "append",
        "compact",
        "exported_position",
        "first_position",
        "last_position",
        "partition_id",
        "read",
        "snapshot",
    }
    assert members <= set(dir(RocksPartitionLog))
