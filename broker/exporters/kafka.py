"""The Kafka audit stream: every selected record of a partition, in order, as Zeebe's JSON.

Delivery is at least once. ``export`` returns only after Kafka acknowledged (``acks="all"``)
every selected record of the batch; any failure raises and the framework offers the same batch
again, whole. Duplicates are therefore possible, loss is not.

Ordering invariant, per topic and Baton partition: a record is handed to Kafka only after every
earlier record of the same (topic, Kafka partition) in this batch was acknowledged, and batches
come in log order. Records of one Kafka partition travel as a chain of produce batches, the next
sent when the previous one is acknowledged (different Kafka partitions run side by side), and a
Kafka record batch is appended atomically. So a topic never holds a record whose predecessors
were never written: after a failure the resend starts again below, and a consumer that skips
every position at or below the highest it has seen for that partition reads each record once,
in order (see docs/audit-stream.md).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaProducer  # type: ignore[import-untyped]  # no type hints shipped
from aiokafka.admin import AIOKafkaAdminClient, NewTopic  # type: ignore[import-untyped]
from aiokafka.helpers import create_ssl_context  # type: ignore[import-untyped]

from engine.records import Record

from ..errors import BrokerError
from .kafka_config import KafkaExporterConfig, message_key

log = logging.getLogger(__name__)

_TOPIC_ALREADY_EXISTS = 36  # Kafka's error code: another exporter created it first


class KafkaExportError(BrokerError):
    """Kafka did not acknowledge part of a batch (or a topic could not be made); the batch
    must be exported again."""


@dataclass(frozen=True, slots=True)
class KafkaExporterStatistics:
    """A snapshot of one partition's exporter, for logs and (later) Prometheus gauges.

    ``acknowledged_position`` is the last position of the last batch Kafka fully acknowledged
    (-1 before the first); ``behind(log_end)`` on the exporter turns it into a lag.
    """

    partition_id: int
    acknowledged_position: int
    exported_records: int
    skipped_records: int
    failed_exports: int
    last_error: str


class KafkaExporter:
    """Exports one partition's records to Kafka; one instance per partition (see ``Exporter``).

    The lag figure is a plain attribute for now (prometheus-client is not a dependency yet):
    ``acknowledged_position`` and ``behind(log_end)``.
    """

    def __init__(self, config: KafkaExporterConfig) -> None:
        self.config = config
        self.partition_id = -1
        # Invariant: every selected record at or below this position is acknowledged by Kafka.
        self.acknowledged_position = -1
        self._producer: Any = None
        self._admin: Any = None
        # Topic -> partition count, for topics known to exist on the current cluster. Cleared
        # on failure: a Kafka that lost its data (a fresh Tansu) has lost its topics too.
        self._topics: dict[str, int] = {}
        self._exported = 0
        self._skipped = 0
        self._failures = 0
        self._last_error = ""

    @property
    def id(self) -> str:
        return self.config.exporter_id

    def behind(self, log_end: int) -> int:
        """How many positions the exporter trails ``log_end`` (the log's last position)."""
        return max(0, log_end - max(self.acknowledged_position, 0))

    def statistics(self) -> KafkaExporterStatistics:
        return KafkaExporterStatistics(
            partition_id=self.partition_id,
            acknowledged_position=self.acknowledged_position,
            exported_records=self._exported,
            skipped_records=self._skipped,
            failed_exports=self._failures,
            last_error=self._last_error,
        )

    async def open(self, partition_id: int) -> None:
        self.partition_id = partition_id
        await self._connect()

    async def close(self) -> None:
        await self._disconnect()

    async def export(self, batch: Sequence[Record[Any]]) -> None:
        if not batch:
            return
        selected = [r for r in batch if self.config.selects(r)]
        try:
            if selected:
                await self._send(selected)
        except Exception as error:
            self._failures += 1
            self._last_error = f"{type(error).__name__}: {error}"
            log.warning(
                "Kafka export of partition %d positions %d..%d failed (%s); acknowledged up "
                "to %d, the batch will be exported again",
                self.partition_id,
                batch[0].position,
                batch[-1].position,
                self._last_error,
                self.acknowledged_position,
            )
            # Start the retry from a clean producer and re-check topics: after an outage the
            # cluster may be a different (empty) one.
            await self._disconnect()
            self._topics.clear()
            if isinstance(error, KafkaExportError):
                raise
            raise KafkaExportError(
                f"Expected Kafka to acknowledge positions {batch[0].position}.."
                f"{batch[-1].position} of partition {self.partition_id}, but {self._last_error}"
            ) from error
        self._exported += len(selected)
        self._skipped += len(batch) - len(selected)
        self.acknowledged_position = batch[-1].position

    # sending

    async def _send(self, records: list[Record[Any]]) -> None:
        if self._producer is None:
            await self._connect()
        chains: dict[tuple[str, int], list[Record[Any]]] = {}
        for record in records:
            topic = self.config.topic_of(record.value_type)
            partitions = self._topics.get(topic)
            if partitions is None:
                partitions = await self._ensure_topic(topic)
            chains.setdefault((topic, record.partition_id % partitions), []).append(record)
        transactional = self.config.transactional_id is not None
        if transactional:
            await self._producer.begin_transaction()
        try:
            results = await asyncio.gather(
                *(self._send_chain(topic, part, chain) for (topic, part), chain in chains.items()),
                return_exceptions=True,
            )
            errors = [r for r in results if isinstance(r, BaseException)]
            if errors:
                raise errors[0]
            if transactional:
                await self._producer.commit_transaction()
        except BaseException:
            if transactional and self._producer is not None:
                try:
                    await self._producer.abort_transaction()
                except Exception:  # the producer is dropped next anyway
                    log.debug("aborting the Kafka transaction failed", exc_info=True)
            raise

    async def _send_chain(self, topic: str, partition: int, records: list[Record[Any]]) -> None:
        """Send ``records`` to one Kafka partition as produce batches, each only after the
        previous one was acknowledged (the ordering invariant of the module docstring)."""
        producer = self._producer
        index = 0
        while index < len(records):
            builder = producer.create_batch()
            while index < len(records):
                record = records[index]
                value = record.to_json()
                if len(value) > self.config.max_request_bytes:
                    # Never skipped (that would lose it): the export stops here, loudly,
                    # until the limit (and the topic's max.message.bytes) is raised.
                    raise KafkaExportError(
                        f"Expected record {record.partition_id}/{record.position} to fit in "
                        f"max_request_bytes={self.config.max_request_bytes}, but its JSON is "
                        f"{len(value)} bytes"
                    )
                appended = builder.append(
                    key=message_key(record.partition_id, record.position),
                    value=value,
                    timestamp=record.timestamp,
                )
                if appended is None:  # full (an empty builder takes any record): send it
                    break
                index += 1
            delivered = await producer.send_batch(builder, topic, partition=partition)
            await delivered

    async def _ensure_topic(self, topic: str) -> int:
        """Creates ``topic`` when missing; returns its partition count as the cluster has it."""
        if self.config.create_topics:
            new = NewTopic(
                name=topic,
                num_partitions=self.config.topic_partitions,
                replication_factor=self.config.replication_factor,
            )
            response = await self._admin.create_topics([new])
            for name, code, message in _topic_errors(response):
                if code not in (0, _TOPIC_ALREADY_EXISTS):
                    raise KafkaExportError(
                        f"Expected to create topic {name}, but Kafka answered error {code}: "
                        f"{message}"
                    )
        partitions = await self._producer.partitions_for(topic)
        if not partitions:
            raise KafkaExportError(f"Expected topic {topic} to exist, but it has no partitions")
        self._topics[topic] = len(partitions)
        return len(partitions)

    # connections

    def _producer_options(self) -> dict[str, Any]:
        config = self.config
        options: dict[str, Any] = {
            "bootstrap_servers": config.bootstrap_servers,
            "client_id": config.client_id,
            "acks": "all",
            "max_batch_size": config.max_batch_bytes,
            "max_request_size": config.max_request_bytes,
            "request_timeout_ms": config.request_timeout_ms,
            "linger_ms": 0,
        }
        if config.idempotent:
            options["enable_idempotence"] = True
        if config.transactional_id is not None:
            options["transactional_id"] = f"{config.transactional_id}-{self.partition_id}"
        options.update(self._security_options())
        options.update(config.producer_options)
        return options

    def _security_options(self) -> dict[str, Any]:
        config = self.config
        options: dict[str, Any] = {"security_protocol": config.security_protocol}
        if config.security_protocol in ("SSL", "SASL_SSL"):
            options["ssl_context"] = create_ssl_context(cafile=config.ssl_cafile)
        if config.sasl_mechanism is not None:
            options["sasl_mechanism"] = config.sasl_mechanism
            options["sasl_plain_username"] = config.sasl_username
            options["sasl_plain_password"] = config.sasl_password
        return options

    async def _connect(self) -> None:
        producer = AIOKafkaProducer(**self._producer_options())
        admin = AIOKafkaAdminClient(
            bootstrap_servers=self.config.bootstrap_servers,
            client_id=self.config.client_id,
            request_timeout_ms=self.config.request_timeout_ms,
            **self._security_options(),
        )
        self._producer, self._admin = producer, admin
        try:
            await producer.start()
            if self.config.create_topics:
                await admin.start()
        except BaseException:
            # A failed open is retried by the framework: leave no half-started client behind.
            await self._disconnect()
            raise

    async def _disconnect(self) -> None:
        producer, admin = self._producer, self._admin
        self._producer = self._admin = None
        timeout = self.config.request_timeout_ms / 1000
        for client in (producer, admin):
            if client is None:
                continue
            try:
                # A producer flushes on stop; against a dead cluster that would wait for
                # every pending batch to expire, so bound it.
                await asyncio.wait_for(_stop(client), timeout)
            except Exception:
                log.debug("closing a Kafka client failed", exc_info=True)


async def _stop(client: Any) -> None:
    if isinstance(client, AIOKafkaAdminClient):
        await client.close()
    else:
        await client.stop()


def _topic_errors(response: Any) -> list[tuple[str, int, str]]:
    # CreateTopicsResponse versions differ in tuple width; name and code come first.
    found: list[tuple[str, int, str]] = []
    for entry in response.topic_errors:
        name, code = entry[0], entry[1]
        message = entry[2] if len(entry) > 2 and entry[2] else ""
        found.append((str(name), int(code), str(message)))
    return found
