"""The stream processor: group commit, durability before replies, restart exactly once,
backpressure, batches too large, and the staging store's KV contract."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from broker import Backpressure, Partition, PartitionStore, PartitionUnavailable, StorageError
from broker.client import BrokerClient
from broker.partition_store import PendingCommit
from broker.processing import StagingStore
from broker.rebuild import compare_with_replay
from engine import Column, Record, RecordType, RejectionType, ValueType
from engine.keys import partition_key
from engine.records.intents import (
    DeploymentIntent,
    JobIntent,
    ProcessInstanceCreationIntent,
    ProcessInstanceIntent,
)
from engine.records.values import (
    DeploymentRecordValue,
    DeploymentResource,
    ProcessInstanceCreationRecordValue,
)
from engine.state.kv import KeyValueStore
from engine.state.kv_contract import KeyValueStoreContract

from .broker_processes import SERVICE, assert_replay_matches

CREATE = ProcessInstanceCreationRecordValue(bpmn_process_id="service")


class TestStagingStore(KeyValueStoreContract):
    """The engine's store in the broker keeps the KV seam's semantics."""

    @pytest.fixture(autouse=True)
    def _directory(self, tmp_path: Path) -> None:
        self._tmp = tmp_path
        self._count = 0

    def make_store(self) -> KeyValueStore:
        self._count += 1
        store = PartitionStore.open(self._tmp / f"db{self._count}", 1)
        return StagingStore(store.state)

    def test_nothing_else_sees_a_transaction_before_commit(self) -> None:
        # The one deliberate difference: a transaction writes into the overlay (with an undo
        # log), so the store's direct reads see it before commit. Only the engine uses this
        # store, through its one transaction, one command at a time on one thread, so there
        # is no "else" to isolate from; a rollback still undoes the writes.
        store = self.make_store()
        store.put(b"a", b"committed")
        txn = store.begin()
        txn.put(b"a", b"changed")
        txn.delete(b"a")
        txn.put(b"b", b"new")
        assert store.get(b"a") is None
        txn.rollback()
        assert list(store.scan(b"")) == [(b"a", b"committed")]


def _records(store: PartitionStore) -> list[Record[Any]]:
    return list(store.log.read(store.log.first_position))


async def test_many_concurrent_commands_share_few_commits_and_replies_wait_for_them(
    tmp_path: Path,
) -> None:
    partition = await Partition.start(tmp_path, 1)
    client = BrokerClient([partition])
    await client.deploy(SERVICE)
    durable_at_reply: list[bool] = []

    async def create() -> int:
        response = await partition.send(ProcessInstanceCreationIntent.CREATE, CREATE)
        # The reply comes only once its records are in the durable log.
        store = partition.store
        durable_at_reply.append(store.processed_position >= response.position)
        return int(response.value.process_instance_key)

    before = partition.processor.statistics().groups
    keys = await asyncio.gather(*(create() for _ in range(300)))
    groups = partition.processor.statistics().groups - before
    assert len(set(keys)) == 300
    assert all(durable_at_reply)
    assert groups < 300 / 4, f"{groups} commits for 300 commands"
    await partition.stop()

    # Everything answered is there after reopening.
    with PartitionStore.open(tmp_path, 1) as store:
        created = {
            r.key
            for r in _records(store)
            if r.value_type is ValueType.PROCESS_INSTANCE
            and r.intent is ProcessInstanceIntent.ELEMENT_ACTIVATED
            and r.value.bpmn_element_type.name == "PROCESS"
        }
        assert set(keys) <= created
        assert store.processed_position == store.log.last_position
        assert_replay_matches(store)


async def test_restart_continues_from_the_processed_position_exactly_once(
    tmp_path: Path,
) -> None:
    partition = await Partition.start(tmp_path, 1)
    client = BrokerClient([partition])
    await client.deploy(SERVICE)
    first = [await client.create_instance("service") for _ in range(5)]
    await partition.stop()

    # A command appended to the log but never processed (as a crash between appending and
    # processing would leave it) is processed once on start, and never again.
    with PartitionStore.open(tmp_path, 1) as store:
        command: Record[Any] = Record(
            position=-1,
            timestamp=0,
            partition_id=1,
            record_type=RecordType.COMMAND,
            value_type=ValueType.PROCESS_INSTANCE_CREATION,
            intent=ProcessInstanceCreationIntent.CREATE,
            value=CREATE,
        )
        [appended] = store.log.append([command])
        assert store.processed_position < appended

    for _ in range(2):
        partition = await Partition.start(tmp_path, 1)
        assert partition.store.processed_position == partition.store.log.last_position
        await partition.stop()

    partition = await Partition.start(tmp_path, 1)
    client = BrokerClient([partition])
    jobs = await client.activate_jobs("work", 100)
    assert len(jobs) == 6  # five acknowledged + the appended command, each once
    for job in jobs:
        await client.complete_job(job.key)
    with pytest.raises(Exception, match="NOT_FOUND"):
        await client.complete_job(jobs[0].key)
    store = partition.store
    completions = [
        r
        for r in _records(store)
        if r.value_type is ValueType.JOB and r.intent is JobIntent.COMPLETED
    ]
    assert sorted(r.key for r in completions) == sorted(j.key for j in jobs)
    assert all(k >= partition_key(1, 1) for k in first)
    assert_replay_matches(store)
    await partition.stop()


async def test_a_full_intake_refuses_at_once(tmp_path: Path) -> None:
    partition = await Partition.start(tmp_path, 1, queue_limit=5)
    client = BrokerClient([partition])
    await client.deploy(SERVICE)
    # Nothing runs between these calls: the loop has no chance to take the commands.
    futures = [partition.submit(ProcessInstanceCreationIntent.CREATE, CREATE) for _ in range(5)]
    with pytest.raises(Backpressure) as refused:
        partition.submit(ProcessInstanceCreationIntent.CREATE, CREATE)
    assert refused.value.limit == 5
    responses = await asyncio.gather(*futures)
    assert all(r.record_type is RecordType.EVENT for r in responses)
    # Room again once the intake drained.
    await partition.send(ProcessInstanceCreationIntent.CREATE, CREATE)
    await partition.stop()


async def test_a_command_whose_batch_is_too_large_is_rejected_alone(tmp_path: Path) -> None:
    partition = await Partition.start(tmp_path, 1, max_batch_bytes=64 * 1024)
    client = BrokerClient([partition])
    await client.deploy(SERVICE)
    padding = "<!--" + "x" * 80_000 + "-->"
    huge = SERVICE.replace('id="service"', 'id="huge"').replace(
        "</bpmn:definitions>", padding + "</bpmn:definitions>"
    )
    big = DeploymentRecordValue(
        resources=[DeploymentResource(resource_name="big.bpmn", resource=huge.encode())]
    )
    # In one group with small commands: only the large one is refused.
    futures = [partition.submit(ProcessInstanceCreationIntent.CREATE, CREATE) for _ in range(3)]
    futures.insert(1, partition.submit(DeploymentIntent.CREATE, big))
    responses = await asyncio.gather(*futures)
    refused = responses[1]
    assert refused.record_type is RecordType.COMMAND_REJECTION
    assert refused.rejection_type is RejectionType.EXCEEDED_BATCH_RECORD_SIZE
    assert "batch limit of 65536 bytes" in refused.rejection_reason
    assert [r.record_type for i, r in enumerate(responses) if i != 1] == [RecordType.EVENT] * 3
    # The refused deployment left no trace in state; the others are whole.
    with pytest.raises(Exception, match="huge"):
        await client.create_instance("huge")
    assert len(await client.activate_jobs("work", 10)) == 3
    assert_replay_matches(partition.store)
    await partition.stop()


async def test_stopping_answers_what_is_durable_and_refuses_the_rest(tmp_path: Path) -> None:
    partition = await Partition.start(tmp_path, 1)
    await BrokerClient([partition]).deploy(SERVICE)
    futures = [partition.submit(ProcessInstanceCreationIntent.CREATE, CREATE) for _ in range(600)]
    await asyncio.sleep(0)  # let the loop take a first group
    await partition.stop()
    answered = [f.result() for f in futures if f.exception() is None]
    refused = [f.exception() for f in futures if f.exception() is not None]
    assert all(isinstance(e, PartitionUnavailable) for e in refused)
    assert len(answered) + len(refused) == 600
    with PartitionStore.open(tmp_path, 1) as store:
        assert all(r.position <= store.log.last_position for r in answered)


async def test_a_failed_write_stops_the_partition_and_tells_every_waiting_client(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    partition = await Partition.start(tmp_path, 1)
    await BrokerClient([partition]).deploy(SERVICE)

    def failing_write(self: PendingCommit) -> None:
        raise StorageError("Expected to fdatasync the WAL, but EIO")

    monkeypatch.setattr(PendingCommit, "write", failing_write)
    futures = [partition.submit(ProcessInstanceCreationIntent.CREATE, CREATE) for _ in range(5)]
    for future in futures:
        with pytest.raises(PartitionUnavailable, match="EIO"):
            await future
    assert isinstance(partition.processor.failure, StorageError)
    with pytest.raises(PartitionUnavailable, match="failed"):
        partition.submit(ProcessInstanceCreationIntent.CREATE, CREATE)
    monkeypatch.undo()
    await partition.stop()


async def test_the_replay_check_finds_a_state_the_log_does_not_explain(tmp_path: Path) -> None:
    partition = await Partition.start(tmp_path, 1)
    client = BrokerClient([partition])
    await client.deploy(SERVICE)
    await client.create_instance("service")
    await partition.stop()
    with PartitionStore.open(tmp_path, 1) as store:
        assert compare_with_replay(store) == []
        store.state.put(Column.JOBS.key(b"stray"), b"x")  # a write no event explains
        [difference] = compare_with_replay(store)
        assert difference.column == "JOBS" and difference.replayed is None
