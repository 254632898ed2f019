"""Key arithmetic, and the key generator whose counter is state."""

from __future__ import annotations

import pytest

from engine.keys import (
    MAX_COUNTER,
    MAX_PARTITION_ID,
    KeyGenerator,
    counter_of,
    partition_key,
    partition_of,
)
from engine.state import InMemoryKeyValueStore


def test_keys_carry_their_partition_as_in_zeebe() -> None:
    assert partition_key(1, 1) == 2251799813685249  # Zeebe's first key on partition 1
    assert partition_of(2251799813685249) == 1
    assert counter_of(2251799813685249) == 1
    assert partition_key(3, 42) == (3 << 51) + 42


@pytest.mark.parametrize("partition_id", [0, 1, 2, MAX_PARTITION_ID])
@pytest.mark.parametrize("counter", [0, 1, MAX_COUNTER - 1, MAX_COUNTER])
def test_partition_and_counter_come_back_at_the_limits(partition_id: int, counter: int) -> None:
    key = partition_key(partition_id, counter)
    assert partition_of(key) == partition_id
    assert counter_of(key) == counter
    assert 0 <= key < 1 << 63  # fits Zeebe's signed 64-bit keys


def test_the_largest_key_is_the_largest_signed_64_bit_integer() -> None:
    assert partition_key(MAX_PARTITION_ID, MAX_COUNTER) == (1 << 63) - 1
    assert MAX_PARTITION_ID == 4095


@pytest.mark.parametrize(
    ("partition_id", "counter"), [(-1, 0), (MAX_PARTITION_ID + 1, 0), (1, -1), (1, MAX_COUNTER + 1)]
)
def test_out_of_range_parts_are_refused(partition_id: int, counter: int) -> None:
    with pytest.raises(ValueError, match="Expected"):
        partition_key(partition_id, counter)


def test_the_generator_counts_up_from_one_and_persists() -> None:
    store = InMemoryKeyValueStore()
    keys = KeyGenerator(store, partition_id=2)
    assert [keys.next_key() for _ in range(3)] == [partition_key(2, n) for n in (1, 2, 3)]
    assert KeyGenerator(store, partition_id=2).next_key() == partition_key(2, 4)


def test_a_rolled_back_command_gives_its_keys_back() -> None:
    txn = InMemoryKeyValueStore().begin()
    keys = KeyGenerator(txn, partition_id=1)
    first = keys.next_key()
    txn.commit()
    keys.next_key()
    txn.rollback()
    assert keys.next_key() == first + 1


def test_replay_restores_the_counter_from_event_keys() -> None:
    live = KeyGenerator(InMemoryKeyValueStore(), partition_id=1)
    used = [live.next_key() for _ in range(5)]
    replayed = KeyGenerator(InMemoryKeyValueStore(), partition_id=1)
    for key in [used[2], used[4], used[1], partition_key(7, 99), -1]:
        replayed.observe(key)  # older keys and other partitions' keys change nothing
    assert replayed.last_key() == used[4]
    assert replayed.next_key() == live.next_key()
