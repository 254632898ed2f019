"""What the Kafka exporter sends where: its configuration, topic names, message keys.

Everything here is pure (no I/O), so the audit CLI and tests share it with the exporter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.records import Record, RecordType, ValueType

# One topic per value type is named prefix + the value type in kebab case:
# PROCESS_INSTANCE -> "baton-process-instance".
DEFAULT_TOPIC = "baton"
DEFAULT_TOPIC_PREFIX = "baton-"


def value_type_topic(value_type: ValueType, prefix: str = DEFAULT_TOPIC_PREFIX) -> str:
    return prefix + value_type.name.lower().replace("_", "-")


def message_key(partition_id: int, position: int) -> bytes:
    """The record's identity as the Kafka message key: ``{"partitionId":p,"position":n}``.

    Written by hand (two integers) so that the same record always has byte-identical keys,
    which lets log compaction and consumers treat resends as the same message.
    """
    return b'{"partitionId":%d,"position":%d}' % (partition_id, position)


@dataclass(frozen=True, slots=True)
class KafkaExporterConfig:
    """How the Kafka exporter connects, filters and lays out topics.

    - ``record_types`` / ``value_types``: a record is exported when its record type and value
      type are both selected; ``value_types=None`` means every value type. The default is every
      EVENT (commands and rejections stay in the log only).
    - ``topic_per_value_type``: False sends everything to ``topic``; True sends each value type
      to ``topic_prefix`` + its kebab-case name (``baton-job``).
    - Topics missing when first needed are created with ``topic_partitions`` partitions and
      ``replication_factor`` replicas. Baton partition p goes to Kafka partition
      ``p % partitions`` of the topic as it exists, so each Baton partition keeps one order.
      Changing a topic's partition count later moves partitions: do it only on an empty topic.
    - ``idempotent`` / ``transactional_id``: Kafka's idempotent and transactional producers for
      clusters that support them (the Tansu test broker does not: keep both off against it).
      With a transactional id, each exported batch is one Kafka transaction, and the id gets
      ``-<partition>`` appended so partitions never fence each other.
    - ``max_batch_bytes`` bounds one produce batch; a single larger record is sent alone.
      A record whose JSON exceeds ``max_request_bytes`` stops the export with an error rather
      than being skipped; the topic's ``max.message.bytes`` must allow the records too.
    - ``request_timeout_ms`` bounds how long a produce may wait for acknowledgement before the
      export fails and the framework retries the batch.
    """

    bootstrap_servers: str = "127.0.0.1:9092"
    exporter_id: str = "kafka"
    client_id: str = "baton-exporter"
    record_types: frozenset[RecordType] = frozenset({RecordType.EVENT})
    value_types: frozenset[ValueType] | None = None
    topic: str = DEFAULT_TOPIC
    topic_per_value_type: bool = False
    topic_prefix: str = DEFAULT_TOPIC_PREFIX
    create_topics: bool = True
    topic_partitions: int = 1
    replication_factor: int = 1
    max_batch_bytes: int = 1_000_000
    max_request_bytes: int = 4 * 1024 * 1024
    request_timeout_ms: int = 30_000
    idempotent: bool = False
    transactional_id: str | None = None
    # Extra keyword arguments for aiokafka's producer (compression, ...).
    producer_options: dict[str, object] = field(default_factory=dict)
    # Connection security, for the producer and the admin client alike (plain values, so the
    # config crosses to partition processes): PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL; a
    # SASL mechanism (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) with its user and password; the CA
    # file that verifies the brokers' certificates (None: the system's).
    security_protocol: str = "PLAINTEXT"
    sasl_mechanism: str | None = None
    sasl_username: str | None = None
    sasl_password: str | None = None
    ssl_cafile: str | None = None

    def __post_init__(self) -> None:
        if self.topic_partitions < 1 or self.replication_factor < 1:
            raise ValueError("topic_partitions and replication_factor must be at least 1")
        if self.max_batch_bytes < 1024:
            raise ValueError("max_batch_bytes must be at least 1024")

    def selects(self, record: Record[Any]) -> bool:
        return record.record_type in self.record_types and (
            self.value_types is None or record.value_type in self.value_types
        )

    def topic_of(self, value_type: ValueType) -> str:
        if self.topic_per_value_type:
            return value_type_topic(value_type, self.topic_prefix)
        return self.topic
