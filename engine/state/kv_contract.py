"""The behaviour every `KeyValueStore` must have, as a reusable test class.

`kv.py` states the semantics; this checks them. A test module subclasses the contract and says how
to make an empty store, and pytest collects every `test_*` method for that store:

    class TestRocksDbStore(KeyValueStoreContract):
        def make_store(self) -> KeyValueStore:
            return RocksDbStore(tmp_dir())

It lives in the engine package (importing nothing but the seam) so the broker's tests can run it
against RocksDB without reaching into another test tree. Plain `assert`s: pytest reports them.
"""

from __future__ import annotations

import itertools

from .kv import KeyValueStore


def _all(store: KeyValueStore) -> list[tuple[bytes, bytes]]:
    return list(store.scan(b""))


class KeyValueStoreContract:
    """Subclass as `Test<Name>` and implement `make_store` (a new, empty store per call)."""

    def make_store(self) -> KeyValueStore:
        # The one hook a store's test class must provide; this suite runs nothing without it.
        raise NotImplementedError

    # Plain reads and writes.

    def test_get_of_an_absent_key_is_none(self) -> None:
        assert self.make_store().get(b"missing") is None

    def test_put_then_get_and_overwrite(self) -> None:
        store = self.make_store()
        store.put(b"k", b"1")
        store.put(b"k", b"2")
        assert store.get(b"k") == b"2"

    def test_an_empty_value_is_present(self) -> None:
        store = self.make_store()
        store.put(b"k", b"")
        assert store.get(b"k") == b""
        assert _all(store) == [(b"k", b"")]

    def test_delete_removes_and_deleting_an_absent_key_does_nothing(self) -> None:
        store = self.make_store()
        store.put(b"k", b"1")
        store.delete(b"k")
        store.delete(b"never")
        assert store.get(b"k") is None
        assert _all(store) == []

    # Scans.

    def test_prefix_scan_is_ordered_bytewise_and_bounded(self) -> None:
        store = self.make_store()
        keys = [b"\x01\xff", b"\x01\x00", b"\x01", b"\x00\xff", b"\x02", b"\x01\xff\xff", b"\x01a"]
        for n, key in enumerate(keys):
            store.put(key, bytes([n]))
        assert [k for k, _ in store.scan(b"\x01")] == [
            b"\x01",
            b"\x01\x00",
            b"\x01a",
            b"\x01\xff",
            b"\x01\xff\xff",
        ]
        assert [k for k, _ in store.scan(b"\x01\xff")] == [b"\x01\xff", b"\x01\xff\xff"]
        assert [k for k, _ in store.scan(b"\x03")] == []
        assert [k for k, _ in store.scan(b"")] == sorted(keys)

    def test_scan_yields_values(self) -> None:
        store = self.make_store()
        store.put(b"a1", b"x")
        store.put(b"a2", b"y")
        assert list(store.scan(b"a")) == [(b"a1", b"x"), (b"a2", b"y")]

    def test_range_scan_includes_start_and_excludes_stop(self) -> None:
        store = self.make_store()
        for key in (b"a", b"b", b"c", b"d"):
            store.put(key, key)
        assert [k for k, _ in store.scan_range(b"b", b"d")] == [b"b", b"c"]
        assert [k for k, _ in store.scan_range(b"bb", None)] == [b"c", b"d"]
        assert [k for k, _ in store.scan_range(b"", b"a")] == []

    def test_a_scan_can_stop_early(self) -> None:
        store = self.make_store()
        for n in range(100):
            store.put(n.to_bytes(2, "big"), b"")
        assert [k for k, _ in itertools.islice(store.scan(b""), 3)] == [
            b"\x00\x00",
            b"\x00\x01",
            b"\x00\x02",
        ]

    def test_deleting_yielded_keys_during_a_scan_is_safe(self) -> None:
        store = self.make_store()
        for key in (b"p1", b"p2", b"p3", b"q"):
            store.put(key, b"")
        seen = []
        for key, _ in store.scan(b"p"):
            seen.append(key)
            store.delete(key)
        assert seen == [b"p1", b"p2", b"p3"]
        assert _all(store) == [(b"q", b"")]

    def test_a_long_scan_sees_every_key_once_while_writing_behind_it(self) -> None:
        store = self.make_store()
        keys = [n.to_bytes(2, "big") + b"k" for n in range(1000)]
        for key in keys:
            store.put(key, b"v")
        seen = []
        for key, value in store.scan(b""):
            seen.append((key, value))
            store.delete(key)
            store.put(key[:2], b"behind")  # sorts just before `key`: behind the cursor
        assert seen == [(key, b"v") for key in keys]
        txn = store.begin()
        for key in keys[::3]:
            txn.put(key, b"t")
        seen_keys = [key for key, _ in txn.scan(b"")]
        for key, _ in txn.scan(b""):
            txn.delete(key)
        assert seen_keys == sorted([key[:2] for key in keys] + keys[::3])
        assert list(txn.scan(b"")) == []

    # Transactions.

    def test_a_transaction_reads_its_own_writes(self) -> None:
        store = self.make_store()
        store.put(b"a", b"committed")
        txn = store.begin()
        txn.put(b"b", b"new")
        txn.put(b"a", b"changed")
        assert txn.get(b"a") == b"changed"
        assert txn.get(b"b") == b"new"

    def test_nothing_else_sees_a_transaction_before_commit(self) -> None:
        store = self.make_store()
        store.put(b"a", b"committed")
        txn = store.begin()
        txn.put(b"a", b"changed")
        txn.put(b"b", b"new")
        txn.delete(b"a")
        assert store.get(b"a") == b"committed"
        assert store.get(b"b") is None
        assert _all(store) == [(b"a", b"committed")]

    def test_commit_applies_every_write(self) -> None:
        store = self.make_store()
        store.put(b"gone", b"1")
        store.put(b"kept", b"1")
        txn = store.begin()
        txn.put(b"new", b"2")
        txn.put(b"kept", b"3")
        txn.delete(b"gone")
        txn.commit()
        assert _all(store) == [(b"kept", b"3"), (b"new", b"2")]

    def test_rollback_discards_every_write(self) -> None:
        store = self.make_store()
        store.put(b"a", b"1")
        txn = store.begin()
        txn.put(b"a", b"2")
        txn.put(b"b", b"2")
        txn.delete(b"a")
        txn.rollback()
        assert _all(store) == [(b"a", b"1")]
        assert txn.get(b"a") == b"1"
        assert txn.get(b"b") is None

    def test_a_delete_in_a_transaction_hides_the_committed_value(self) -> None:
        store = self.make_store()
        store.put(b"a", b"1")
        txn = store.begin()
        txn.delete(b"a")
        assert txn.get(b"a") is None
        assert list(txn.scan(b"")) == []
        txn.put(b"a", b"again")
        assert txn.get(b"a") == b"again"

    def test_a_scan_in_a_transaction_merges_its_writes_with_committed_data(self) -> None:
        store = self.make_store()
        for key in (b"k1", b"k3", b"k5", b"x"):
            store.put(key, b"old")
        txn = store.begin()
        txn.put(b"k2", b"new")
        txn.put(b"k3", b"new")
        txn.delete(b"k5")
        txn.put(b"k6", b"new")
        txn.delete(b"k7")  # absent both ways
        assert list(txn.scan(b"k")) == [
            (b"k1", b"old"),
            (b"k2", b"new"),
            (b"k3", b"new"),
            (b"k6", b"new"),
        ]
        assert [k for k, _ in txn.scan_range(b"k2", b"k6")] == [b"k2", b"k3"]
        assert [k for k, _ in txn.scan_range(b"k4", None)] == [b"k6", b"x"]

    def test_deleting_yielded_keys_during_a_transaction_scan_is_safe(self) -> None:
        store = self.make_store()
        store.put(b"p1", b"")
        store.put(b"p3", b"")
        txn = store.begin()
        txn.put(b"p2", b"")
        seen = []
        for key, _ in txn.scan(b"p"):
            seen.append(key)
            txn.delete(key)
        assert seen == [b"p1", b"p2", b"p3"]
        assert list(txn.scan(b"")) == []
        txn.commit()
        assert _all(store) == []

    def test_a_transaction_is_reusable_after_commit_and_rollback(self) -> None:
        store = self.make_store()
        txn = store.begin()
        txn.put(b"a", b"1")
        txn.commit()
        txn.put(b"b", b"2")
        txn.rollback()
        txn.put(b"c", b"3")
        txn.commit()
        assert _all(store) == [(b"a", b"1"), (b"c", b"3")]
